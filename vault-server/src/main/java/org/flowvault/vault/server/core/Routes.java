package org.flowvault.vault.server.core;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.flowvault.vault.server.policy.Operation;

/**
 * A backend's path table, Vault's logical framework in miniature: each route is an anchored regex
 * with named groups, a handler per operation and an optional existence check. An unmatched path
 * is 404 "unsupported path", a matched path without a handler for the operation is 405. A CREATE
 * on a route without a create handler runs its update handler, as Vault's framework does.
 */
public final class Routes {
    private final List<Route> routes = new ArrayList<>();

    /** Adds a route; {@code regex} is matched against the whole mount-relative path. */
    public Route path(String regex) {
        Route r = new Route(Pattern.compile(regex));
        routes.add(r);
        return r;
    }

    public Response dispatch(Request request) {
        Match m = match(request.path());
        Function<Request, Response> handler = m.route.handlers.get(request.operation());
        if (handler == null && request.operation() == Operation.CREATE) {
            handler = m.route.handlers.get(Operation.UPDATE);
        }
        if (handler == null) {
            throw VaultError.unsupportedOperation();
        }
        Response r = handler.apply(request.withParams(m.params));
        return r == null ? Response.empty() : r;
    }

    /** The route's existence check, or {@code null} when it has none. */
    public Boolean exists(Request request) {
        Match m = tryMatch(request.path());
        if (m == null || m.route.existence == null) {
            return null;
        }
        return m.route.existence.test(request.withParams(m.params));
    }

    private Match match(String path) {
        Match m = tryMatch(path);
        if (m == null) {
            throw VaultError.unsupportedPath();
        }
        return m;
    }

    private Match tryMatch(String path) {
        for (Route r : routes) {
            if (!path.startsWith(r.literalPrefix)) {
                continue; // cannot match: spares a Matcher per route tried
            }
            if (r.restGroup != null && plainRest(path, r.literalPrefix.length())
                    && (!r.restNotSlashEnded || (path.length() > r.literalPrefix.length() && !path.endsWith("/")))) {
                return new Match(r, Map.of(r.restGroup, path.substring(r.literalPrefix.length())));
            }
            Matcher matcher = r.pattern.matcher(path);
            if (matcher.matches()) {
                return new Match(r, params(r, matcher));
            }
        }
        return null;
    }

    /** No line terminator from {@code from} on: what {@code .*} matches, without a Matcher. */
    private static boolean plainRest(String path, int from) {
        for (int i = from; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029') {
                return false;
            }
        }
        return true;
    }

    private static Map<String, String> params(Route r, Matcher matcher) {
        if (r.groupNames.isEmpty()) {
            return Map.of();
        }
        if (r.groupNames.size() == 1) {
            String v = matcher.group(r.groupNames.get(0));
            return Map.of(r.groupNames.get(0), v == null ? "" : v);
        }
        Map<String, String> params = new HashMap<>();
        for (String name : r.groupNames) {
            String v = matcher.group(name);
            params.put(name, v == null ? "" : v);
        }
        return params;
    }

    private record Match(Route route, Map<String, String> params) {
    }

    /** One path pattern and its handlers. */
    public static final class Route {
        private final Pattern pattern;
        private final List<String> groupNames = new ArrayList<>();
        private final Map<Operation, Function<Request, Response>> handlers = new EnumMap<>(Operation.class);
        /** The plain characters the pattern starts with: a path without them cannot match. */
        private final String literalPrefix;
        /**
         * For a pattern {@code <literalPrefix>(?<name>.*)} or {@code <literalPrefix>(?<name>.*[^/])}:
         * the name, matched without a regex (a path the shortcut does not take goes to the regex).
         */
        private final String restGroup;
        /** The pattern is the {@code .*[^/]} form: the rest is not empty and ends with no '/'. */
        private final boolean restNotSlashEnded;
        private Predicate<Request> existence;

        private Route(Pattern pattern) {
            this.pattern = pattern;
            this.literalPrefix = literalPrefix(pattern.pattern());
            Matcher names = Pattern.compile("\\(\\?<([a-zA-Z][a-zA-Z0-9]*)>").matcher(pattern.pattern());
            while (names.find()) {
                groupNames.add(names.group(1));
            }
            String rest = groupNames.size() == 1 && pattern.flags() == 0 ? literalPrefix + "(?<" + groupNames.get(0) : null;
            boolean any = rest != null && pattern.pattern().equals(rest + ">.*)");
            this.restNotSlashEnded = rest != null && pattern.pattern().equals(rest + ">.*[^/])");
            this.restGroup = any || restNotSlashEnded ? groupNames.get(0) : null;
        }

        private static String literalPrefix(String regex) {
            int depth = 0;
            for (int j = 0; j < regex.length(); j++) {
                char c = regex.charAt(j);
                if (c == '\\') {
                    j++;
                } else if (c == '(') {
                    depth++;
                } else if (c == ')') {
                    depth--;
                } else if (c == '|' && depth == 0) {
                    return ""; // "a|b": alternatives share no prefix
                }
            }
            int i = 0;
            while (i < regex.length() && (Character.isLetterOrDigit(regex.charAt(i)) || "/-_".indexOf(regex.charAt(i)) >= 0)) {
                i++;
            }
            // a quantifier right after the prefix applies to its last character
            if (i < regex.length() && "?*{".indexOf(regex.charAt(i)) >= 0 && i > 0) {
                i--;
            }
            return regex.substring(0, i);
        }

        public Route on(Operation op, Function<Request, Response> handler) {
            handlers.put(op, handler);
            return this;
        }

        /** Registers the same handler for CREATE and UPDATE (POST and PUT). */
        public Route write(Function<Request, Response> handler) {
            return on(Operation.CREATE, handler).on(Operation.UPDATE, handler);
        }

        public Route read(Function<Request, Response> handler) {
            return on(Operation.READ, handler);
        }

        public Route list(Function<Request, Response> handler) {
            return on(Operation.LIST, handler);
        }

        public Route delete(Function<Request, Response> handler) {
            return on(Operation.DELETE, handler);
        }

        public Route exists(Predicate<Request> check) {
            this.existence = check;
            return this;
        }
    }
}
