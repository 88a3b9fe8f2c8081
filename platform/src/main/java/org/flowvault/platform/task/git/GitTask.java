package org.flowvault.platform.task.git;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.InvalidRemoteException;
import org.eclipse.jgit.api.errors.TransportException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.TagOpt;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.flowvault.platform.task.Task;
import org.flowvault.platform.task.TaskContext;
import org.flowvault.platform.task.TaskException;
import org.flowvault.platform.task.TaskInputs;
import org.flowvault.platform.task.TaskResult;

/**
 * Reads from a remote git repository (seed 001's GIT connection).
 *
 * <p>Inputs: {@code command} — {@code metadata} (default), {@code ls_remote} ({@code ls-remote})
 * or {@code read_file}; {@code repository_url} (https://, http://, ssh:// or {@code user@host:path};
 * local paths and file:// are refused); {@code ref} (branch, tag, full ref name or commit id;
 * default HEAD); {@code path} for {@code read_file}; {@code timeout_seconds} (default 120);
 * credentials as described in {@link GitAccess}: {@code username}/{@code password} or
 * {@code token} for HTTP(S), {@code ssh_private_key}/{@code passphrase} with {@code known_hosts}
 * or {@code strict_host_key_checking: false} for SSH.
 *
 * <p>Outputs: {@code metadata} → {@code commit}, {@code ref} (the full ref name resolved, or the
 * commit id), {@code author_name}, {@code author_email}, {@code date} (author date, ISO-8601),
 * {@code committer_name}, {@code committer_email}, {@code message}; {@code ls_remote} →
 * {@code refs} (ref name → commit id; annotated tags peeled under {@code name^{}}) and
 * {@code head} (the branch HEAD points to, if advertised); {@code read_file} → the metadata plus
 * {@code path}, {@code content} (text when UTF-8, else base64), {@code encoding}
 * ({@code utf-8} or {@code base64}) and {@code size}.
 *
 * <p>Only the wanted ref is fetched, with depth 1, into a temporary bare repository deleted
 * afterwards; a bare commit id that no ref names needs a full fetch of branches and tags.
 *
 * <p>Sandbox: the URL must be one {@link GitRemote} accepts (no local path, {@code file://},
 * bundle, {@code git://} or {@code ext::}); its host and port, and every connection JGit makes —
 * each HTTP redirect included — must be allowed by {@link TaskContext#egress()}; credentials are
 * sent to the URL's origin only; JGit sees no system, user or environment configuration
 * ({@link GitIsolation}); nothing is checked out, so no hook, filter or submodule runs. As for
 * HTTP, the host is resolved again when JGit connects (normally from the JVM's address cache the
 * check just filled).
 */
public final class GitTask implements Task {
    public static final String TYPE = "GIT";
    private static final long DEFAULT_TIMEOUT_SECONDS = 120;
    private static final String TARGET = "refs/flowvault/target";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public TaskResult execute(Map<String, Object> inputs, TaskContext context) {
        TaskInputs in = TaskInputs.of(TYPE, inputs, context.masker());
        String command = in.string("command").orElse("metadata").strip().toLowerCase(Locale.ROOT).replace('-', '_');
        if (!List.of("metadata", "ls_remote", "read_file").contains(command)) {
            throw in.invalid("command", "must be metadata, ls_remote or read_file");
        }
        String url = in.requireString("repository_url", "give the repository's URL, e.g. https://git.example.com/team/app.git");
        GitRemote remote = GitRemote.parse(in, url);
        String ref = in.string("ref").orElse(Constants.HEAD);
        String path = command.equals("read_file")
                ? in.requireString("path", "give the file's path inside the repository, e.g. README.md") : null;
        int timeout = (int) Math.max(1, context.timeLeft(Duration.ofSeconds(in.number("timeout_seconds", 1, 86_400)
                .orElse(DEFAULT_TIMEOUT_SECONDS))).toSeconds());
        context.checkActive();
        String shown = context.mask(url.replaceFirst("//([^/@:]*):[^/@]*@", "//$1:****@"));
        try {
            // refused before anything is created; CheckedTransports checks again at every connection JGit makes
            context.egress().check(TYPE, remote.scheme(), remote.host(), remote.port());
        } catch (TaskException e) {
            throw new TaskException(e.kind(), context.mask(e.getMessage()));
        }
        try (GitAccess access = GitAccess.open(in, remote, context.egress(), timeout)) {
            try {
                return GitIsolation.run(() -> {
                    Map<String, Ref> refs = access.configure(Git.lsRemoteRepository().setRemote(url)).callAsMap();
                    if (command.equals("ls_remote")) {
                        context.log("GIT ls-remote " + shown + ": " + refs.size() + " refs");
                        return TaskResult.of(lsRemote(refs));
                    }
                    context.checkActive();
                    Map<String, Object> out = fetchAndRead(access, refs, ref, path, in);
                    context.log("GIT " + command + " " + shown + " " + ref + " -> " + out.get("commit"));
                    return TaskResult.of(out);
                });
            } catch (RuntimeException | GitAPIException | IOException e) {
                if (access.refusal() != null) {
                    throw new TaskException(TaskException.Kind.INPUT, context.mask(access.refusal().getMessage()));
                }
                throw e;
            }
        } catch (InvalidRemoteException e) {
            throw new TaskException(TaskException.Kind.INPUT, "GIT: " + shown + " is not a reachable repository: "
                    + context.mask(String.valueOf(e.getMessage())));
        } catch (TransportException e) {
            String message = String.valueOf(e.getMessage());
            String hint = message.contains("not authorized") || message.contains("Auth") || message.contains("auth")
                    ? "; check the credentials (username/password, token or ssh_private_key) of the connection" : "";
            boolean timedOut = message.toLowerCase(Locale.ROOT).contains("timeout") || message.toLowerCase(Locale.ROOT).contains("timed out");
            throw new TaskException(timedOut ? TaskException.Kind.TIMEOUT : TaskException.Kind.REMOTE,
                    "GIT " + command + " " + shown + " failed: " + context.mask(message) + hint
                            + (timedOut ? " (timeout " + timeout + "s)" : ""));
        } catch (GitAPIException | IOException e) {
            throw new TaskException(TaskException.Kind.REMOTE, "GIT " + command + " " + shown + " failed: "
                    + context.mask(e.getClass().getSimpleName() + ": " + e.getMessage()));
        }
    }

    private static Map<String, Object> lsRemote(Map<String, Ref> refs) {
        Map<String, Object> ids = new LinkedHashMap<>();
        String head = null;
        for (Ref r : refs.values()) {
            if (r.isSymbolic() && r.getName().equals(Constants.HEAD)) {
                head = r.getTarget().getName();
            }
            if (r.getObjectId() != null) {
                ids.put(r.getName(), r.getObjectId().name());
            }
            if (r.getPeeledObjectId() != null) {
                ids.put(r.getName() + "^{}", r.getPeeledObjectId().name());
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("refs", ids);
        out.put("head", head);
        return out;
    }

    private static Map<String, Object> fetchAndRead(GitAccess access, Map<String, Ref> refs, String ref, String path, TaskInputs in)
            throws GitAPIException, IOException {
        String remoteRef = match(refs, ref);
        try (Git git = Git.init().setBare(true).setDirectory(access.directory("repo").toFile()).call()) {
            Repository repo = git.getRepository();
            // no automatic gc: it would run detached and write into the directory we are about to delete
            repo.getConfig().setInt("gc", null, "auto", 0);
            repo.getConfig().setBoolean("gc", null, "autoDetach", false);
            repo.getConfig().save();
            ObjectId target;
            if (remoteRef != null) {
                access.configure(git.fetch().setRemote(access.url()).setTagOpt(TagOpt.NO_TAGS).setDepth(1)
                        .setRefSpecs(new RefSpec("+" + remoteRef + ":" + TARGET))).call();
                target = repo.resolve(TARGET + "^{commit}");
            } else if (ref.matches("[0-9a-fA-F]{4,40}")) {
                // a commit no ref names: fetch branches and tags, then look for it
                access.configure(git.fetch().setRemote(access.url()).setTagOpt(TagOpt.FETCH_TAGS)
                        .setRefSpecs(new RefSpec("+refs/heads/*:refs/remotes/origin/*"))).call();
                target = repo.resolve(ref + "^{commit}");
                if (target == null) {
                    throw in.invalid("ref", "names no commit of the repository: it is neither a branch, a tag nor a commit id");
                }
                remoteRef = target.name();
            } else {
                throw in.invalid("ref", "is neither a branch, a tag nor a commit id of the repository; it has "
                        + refs.keySet().stream().filter(n -> n.startsWith("refs/heads/") || n.startsWith("refs/tags/")).limit(20).toList());
            }
            try (RevWalk walk = new RevWalk(repo)) {
                RevCommit commit = walk.parseCommit(target);
                Map<String, Object> out = metadata(commit, remoteRef);
                if (path != null) {
                    readFile(repo, commit, path, in, out);
                }
                return out;
            }
        }
    }

    /** The remote ref that {@code ref} names: as given, then as a branch, a tag, or below refs/. */
    static String match(Map<String, Ref> refs, String ref) {
        for (String candidate : List.of(ref, Constants.R_HEADS + ref, Constants.R_TAGS + ref, Constants.R_REFS + ref)) {
            if (refs.containsKey(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private static Map<String, Object> metadata(RevCommit commit, String ref) {
        PersonIdent author = commit.getAuthorIdent();
        PersonIdent committer = commit.getCommitterIdent();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("commit", commit.name());
        out.put("ref", ref);
        out.put("author_name", author.getName());
        out.put("author_email", author.getEmailAddress());
        out.put("date", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(author.getWhenAsInstant().atZone(author.getZoneId()).toOffsetDateTime()));
        out.put("committer_name", committer.getName());
        out.put("committer_email", committer.getEmailAddress());
        out.put("message", commit.getFullMessage());
        return out;
    }

    private static void readFile(Repository repo, RevCommit commit, String path, TaskInputs in, Map<String, Object> out) throws IOException {
        String p = path.startsWith("/") ? path.substring(1) : path;
        try (TreeWalk walk = TreeWalk.forPath(repo, p, commit.getTree())) {
            if (walk == null || walk.isSubtree()) {
                throw in.invalid("path", "is not a file at commit " + commit.name());
            }
            ObjectLoader loader = repo.open(walk.getObjectId(0));
            byte[] bytes = loader.getCachedBytes(64 * 1024 * 1024);
            out.put("path", p);
            out.put("size", bytes.length);
            try {
                String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
                out.put("content", text);
                out.put("encoding", "utf-8");
            } catch (CharacterCodingException e) {
                out.put("content", Base64.getEncoder().encodeToString(bytes));
                out.put("encoding", "base64");
            }
        }
    }

    @Override
    public String toString() {
        return "GitTask";
    }
}
