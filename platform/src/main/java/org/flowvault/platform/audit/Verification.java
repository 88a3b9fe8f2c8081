package org.flowvault.platform.audit;

/**
 * The result of {@link Audit#verify()}.
 *
 * @param intact    whether every link from the newest anchor to the head holds
 * @param checked   how many records were verified before the end or the first broken link
 * @param brokenAt  the seq of the first broken link, or 0 when intact
 * @param problem   what is wrong there (edited, deleted, moved), or null when intact
 */
public record Verification(boolean intact, long checked, long brokenAt, String problem) {

    static Verification intact(long checked) {
        return new Verification(true, checked, 0, null);
    }

    static Verification broken(long checked, long at, String problem) {
        return new Verification(false, checked, at, problem);
    }
}
