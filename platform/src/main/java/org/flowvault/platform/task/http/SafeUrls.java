package org.flowvault.platform.task.http;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.flowvault.platform.masking.Masker;
import org.flowvault.platform.task.TaskInputs;

/** URLs as they may be shown: no user info, secret-named query parameters hidden, then masked. */
final class SafeUrls {
    private SafeUrls() {
    }

    static String show(URI uri, Masker masker) {
        StringBuilder b = new StringBuilder();
        b.append(uri.getScheme()).append("://");
        if (uri.getRawUserInfo() != null) {
            b.append("****@");
        }
        b.append(uri.getHost());
        if (uri.getPort() >= 0) {
            b.append(':').append(uri.getPort());
        }
        b.append(uri.getRawPath() == null ? "" : uri.getRawPath());
        if (uri.getRawQuery() != null) {
            b.append('?');
            String[] pairs = uri.getRawQuery().split("&");
            for (int i = 0; i < pairs.length; i++) {
                int eq = pairs[i].indexOf('=');
                String name = eq < 0 ? pairs[i] : pairs[i].substring(0, eq);
                b.append(i == 0 ? "" : "&").append(name);
                if (eq >= 0) {
                    boolean secret = TaskInputs.isSecretName(URLDecoder.decode(name, StandardCharsets.UTF_8))
                            || name.equalsIgnoreCase("key") || name.equalsIgnoreCase("sig") || name.equalsIgnoreCase("signature");
                    b.append('=').append(secret ? Masker.REPLACEMENT : pairs[i].substring(eq + 1));
                }
            }
        }
        return masker.mask(b.toString());
    }
}
