package org.flowvault.sdk.audit;

/**
 * The result of verifying the audit chain.
 *
 * @param intact   whether every link holds
 * @param checked  how many records were verified
 * @param brokenAt the seq of the first broken link, or null when intact
 * @param problem  what is wrong there, or null
 */
public record Verification(boolean intact, long checked, Long brokenAt, String problem) {
}
