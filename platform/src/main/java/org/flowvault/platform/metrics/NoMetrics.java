package org.flowvault.platform.metrics;

import java.time.Duration;
import org.flowvault.platform.error.PlatformException;
import org.flowvault.vault.client.core.VaultClient.RequestObserver;

/** {@link PlatformMetrics#none()}. */
enum NoMetrics implements PlatformMetrics {
    INSTANCE;

    private static final RequestObserver IGNORE = (nanos, failure) -> { };

    @Override
    public void resolution(PlatformException.Reason failure) {
    }

    @Override
    public RequestObserver vaultRequests(String configurationName) {
        return IGNORE;
    }

    @Override
    public void tokenRenewal(Renewal outcome) {
    }

    @Override
    public void runEnded(String status, Duration duration) {
    }

    @Override
    public String toString() {
        return "PlatformMetrics.none()";
    }
}
