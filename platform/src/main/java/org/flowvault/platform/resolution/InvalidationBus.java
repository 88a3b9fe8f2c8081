package org.flowvault.platform.resolution;

/** Carries invalidations to the other nodes sharing a database. */
interface InvalidationBus extends AutoCloseable {

    /** Tells the other nodes; this node has already applied it. */
    void publish(Invalidation invalidation);

    @Override
    void close();

    /** One node (H2, or tests): nobody else to tell. */
    InvalidationBus LOCAL = new InvalidationBus() {
        @Override
        public void publish(Invalidation invalidation) {
        }

        @Override
        public void close() {
        }
    };
}
