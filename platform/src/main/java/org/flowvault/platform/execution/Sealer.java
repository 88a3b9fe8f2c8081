package org.flowvault.platform.execution;

/**
 * Encrypts what a run must keep but may not store in plain text: sensitive inputs, secret step
 * outputs and secret form answers, so that any node can resume or retry the run. The platform
 * adapts {@code crypto.SecretBox} to it ({@code box::seal}, {@code box::open}); {@code recordId}
 * is bound as associated data, so a sealed value copied to another run does not open.
 */
public interface Sealer {

    /** The sealed form of {@code plaintext}, bound to {@code recordId}. */
    String seal(String plaintext, String recordId);

    /**
     * The plaintext of {@code sealed}.
     *
     * @throws RuntimeException when it does not open (other key, other record): the engine fails the run
     */
    String open(String sealed, String recordId);

    /** A sealer from two functions, e.g. {@code Sealer.of(box::seal, box::open)} for a {@code crypto.SecretBox}. */
    static Sealer of(java.util.function.BinaryOperator<String> seal, java.util.function.BinaryOperator<String> open) {
        java.util.Objects.requireNonNull(seal, "seal");
        java.util.Objects.requireNonNull(open, "open");
        return new Sealer() {
            @Override
            public String seal(String plaintext, String recordId) {
                return seal.apply(plaintext, recordId);
            }

            @Override
            public String open(String sealed, String recordId) {
                return open.apply(sealed, recordId);
            }

            @Override
            public String toString() {
                return "Sealer";
            }
        };
    }
}
