package org.flowvault.platform.audit;

import java.util.List;

/**
 * Where uses of secrets are recorded (DESIGN §5). A call returns once the records are written to
 * the audit journal; only then may the caller hand the secret out.
 *
 * <p>Thread-safe implementations; the hot path of resolution calls it, so it is an append.
 */
public interface AuditTrail {

    /**
     * Records {@code record}.
     *
     * @throws org.flowvault.platform.error.PlatformException AUDIT_UNAVAILABLE when the trail cannot be
     *         written: the caller must not hand out the secret
     */
    void record(AuditRecord record);

    /** Records several records as one append (all or none). */
    void recordAll(List<AuditRecord> records);

    /**
     * A trail that records nothing: for components built outside a {@code Platform} (unit tests,
     * the benchmark's baseline). A platform never uses it.
     */
    static AuditTrail none() {
        return new AuditTrail() {
            @Override
            public void record(AuditRecord record) {
            }

            @Override
            public void recordAll(List<AuditRecord> records) {
            }

            @Override
            public String toString() {
                return "AuditTrail.none";
            }
        };
    }
}
