package org.flowvault.platform.masking;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every secret value known to a live {@link Masker} anywhere in this process, for masking what the
 * process itself writes: the logging backend passes each formatted line, exception stack traces
 * included, through {@link #mask(CharSequence)} of {@link #global()}. The platform core does not
 * depend on a logging backend; the CLI's Logback configuration does this for the shipped binary.
 *
 * <p><b>Lifetime.</b> A masker joins on its first registration and is held weakly: a run's secrets
 * stay known for as long as its masker is reachable (the run executing on this node), and are
 * forgotten once it has been collected after the run ended. No value is copied: the registry
 * reuses each masker's own automaton, so it costs a few dozen bytes per run.
 *
 * <p><b>Bound.</b> At most {@code capacity} maskers ({@value #DEFAULT_CAPACITY} for the global
 * registry) are tracked; past that the one that registered least recently is dropped (it joins
 * again on its next registration). That is far above the runs a node executes at once, and it
 * bounds the work per masked line, which is one linear scan per tracked masker.
 *
 * <p>Thread-safe; {@link #mask} takes no lock.
 */
public final class ProcessSecrets {
    /** How many maskers the global registry tracks at most. */
    public static final int DEFAULT_CAPACITY = 1024;

    // NONE before GLOBAL: the constructor reads it (declared the other way round, GLOBAL's snapshot
    // stayed null until a first masker registered, and every log line before that failed)
    @SuppressWarnings("unchecked")
    private static final Reference<Masker>[] NONE = new Reference[0];
    private static final ProcessSecrets GLOBAL = new ProcessSecrets(DEFAULT_CAPACITY);

    private final ReferenceQueue<Masker> collected = new ReferenceQueue<>();
    /** Tracked maskers, least recently registered first. */
    private final LinkedHashMap<Reference<Masker>, Boolean> tracked;
    private volatile Reference<Masker>[] snapshot = NONE;

    ProcessSecrets(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        }
        this.tracked = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Reference<Masker>, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The registry every {@link Masker} of this process feeds. */
    public static ProcessSecrets global() {
        return GLOBAL;
    }

    /**
     * {@code text} with every secret of every tracked masker (in every form those maskers match)
     * replaced by {@value Masker#REPLACEMENT}; null stays null. Overlapping occurrences of
     * different runs' secrets collapse into one replacement, as within one masker.
     */
    public String mask(CharSequence text) {
        if (text == null) {
            return null;
        }
        Reference<? extends Masker> gone = collected.poll();
        if (gone != null) {
            forget(gone);
        }
        Automaton.Spans spans = null;
        for (Reference<Masker> ref : snapshot) {
            Masker masker = ref.get();
            if (masker == null) {
                continue;
            }
            if (spans != null) {
                spans.nextScan();
            }
            spans = masker.automaton().collect(text, spans);
        }
        return spans == null ? text.toString() : spans.apply(text, Masker.REPLACEMENT);
    }

    /** How many maskers are tracked now (collected ones may still count until the next call). */
    public synchronized int size() {
        return tracked.size();
    }

    /**
     * Tracks {@code masker} (again) as the most recent one. {@code ticket} is what an earlier call
     * returned for it, or null; the masker keeps the returned ticket.
     */
    synchronized Reference<Masker> track(Masker masker, Reference<Masker> ticket) {
        expunge();
        if (ticket != null && tracked.get(ticket) != null) {
            return ticket; // the get moved it to the most recent end
        }
        Reference<Masker> fresh = new WeakReference<>(masker, collected);
        tracked.put(fresh, Boolean.TRUE);
        publish();
        return fresh;
    }

    private synchronized void forget(Reference<? extends Masker> gone) {
        tracked.remove(gone);
        expunge();
        publish();
    }

    private void expunge() {
        boolean changed = false;
        for (Reference<? extends Masker> r; (r = collected.poll()) != null; ) {
            changed |= tracked.remove(r) != null;
        }
        if (changed) {
            publish();
        }
    }

    private void publish() {
        snapshot = tracked.keySet().toArray(NONE);
    }

    @Override
    public String toString() {
        return "ProcessSecrets[" + size() + " maskers]";
    }
}
