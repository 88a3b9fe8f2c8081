package org.flowvault.sdk.core;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.flowvault.sdk.Secret;
import org.flowvault.sdk.identity.ApiKey;
import org.flowvault.sdk.identity.ApiKeyOperations;
import org.flowvault.sdk.identity.IssuedApiKey;
import org.flowvault.sdk.identity.NewUser;
import org.flowvault.sdk.identity.Project;
import org.flowvault.sdk.identity.ProjectOperations;
import org.flowvault.sdk.identity.Role;
import org.flowvault.sdk.identity.User;
import org.flowvault.sdk.identity.UserOperations;

/** Users, projects and API keys over the REST API, and the JSON of users and projects. */
final class IdentityTemplates {
    private IdentityTemplates() {
    }

    static User user(JsonNode n) {
        String role = ResponseJson.text(n, "role");
        return new User(ResponseJson.text(n, "id"), ResponseJson.text(n, "username"), role == null ? null : Role.fromWire(role), ResponseJson.instant(n, "created_at"));
    }

    static Project project(JsonNode n) {
        return new Project(ResponseJson.text(n, "id"), ResponseJson.text(n, "name"), ResponseJson.instant(n, "created_at"),
                n.hasNonNull("task_egress") ? ResponseJson.list(n, "task_egress", JsonNode::asText) : null);
    }

    record Users(Transport http) implements UserOperations {
        @Override
        public List<User> list() {
            return ResponseJson.list(http.get(ApiPath.of("users")), "users", IdentityTemplates::user);
        }

        @Override
        public User get(String username) {
            return user(http.get(ApiPath.of("users", username)));
        }

        @Override
        public NewUser create(String username, Role role, Secret password) {
            JsonNode n = http.post(ApiPath.of("users"), ResponseJson.body("username", username, "role", role == null ? null : role.wireName(),
                    "password", password == null ? null : password.reveal()));
            return new NewUser(user(n.path("user")), Secret.ofNullable(ResponseJson.text(n, "password")));
        }

        @Override
        public User setRole(String username, Role role) {
            return user(http.patch(ApiPath.of("users", username), Map.of("role", Objects.requireNonNull(role, "role").wireName())));
        }

        @Override
        public User setPassword(String username, Secret password) {
            return user(http.patch(ApiPath.of("users", username), Map.of("password", Objects.requireNonNull(password, "password").reveal())));
        }

        @Override
        public void delete(String username) {
            http.delete(ApiPath.of("users", username));
        }

        @Override
        public String toString() {
            return "UserOperations";
        }
    }

    record Projects(Transport http) implements ProjectOperations {
        @Override
        public List<Project> list() {
            return ResponseJson.list(http.get(ApiPath.of("projects")), "projects", IdentityTemplates::project);
        }

        @Override
        public Project create(String name) {
            return create(name, null);
        }

        @Override
        public Project create(String name, List<String> taskEgress) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("name", Objects.requireNonNull(name, "name"));
            if (taskEgress != null) {
                body.put("task_egress", taskEgress);
            }
            return project(http.post(ApiPath.of("projects"), body));
        }

        @Override
        public Project setTaskEgress(String project, List<String> taskEgress) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("task_egress", taskEgress);
            return project(http.patch(ApiPath.of("projects", project), body));
        }

        @Override
        public void delete(String name) {
            http.delete(ApiPath.of("projects", name));
        }

        @Override
        public List<User> members(String project) {
            return ResponseJson.list(http.get(ApiPath.of("projects", project, "members")), "members", IdentityTemplates::user);
        }

        @Override
        public void addMember(String project, String username) {
            http.post(ApiPath.of("projects", project, "members"), Map.of("username", Objects.requireNonNull(username, "username")));
        }

        @Override
        public void removeMember(String project, String username) {
            http.delete(ApiPath.of("projects", project, "members", username));
        }

        @Override
        public void allowCredentialDecryption(String project, String username, boolean allowed) {
            http.put(ApiPath.of("projects", project, "members", username), Map.of("can_decrypt_credentials", allowed));
        }

        @Override
        public String toString() {
            return "ProjectOperations";
        }
    }

    record ApiKeys(Transport http) implements ApiKeyOperations {
        @Override
        public List<ApiKey> list() {
            return ResponseJson.list(http.get(ApiPath.of("api-keys")), "api_keys", k -> new ApiKey(ResponseJson.text(k, "id"), ResponseJson.text(k, "name"),
                    ResponseJson.text(k, "prefix"), ResponseJson.instant(k, "created_at"), ResponseJson.instant(k, "last_used_at"), ResponseJson.instant(k, "revoked_at")));
        }

        @Override
        public IssuedApiKey create(String name) {
            JsonNode n = http.post(ApiPath.of("api-keys"), Map.of("name", Objects.requireNonNull(name, "name")));
            return new IssuedApiKey(ResponseJson.text(n, "id"), ResponseJson.text(n, "name"), ResponseJson.text(n, "prefix"), Secret.of(n.path("key").asText()));
        }

        @Override
        public void revoke(String id) {
            http.delete(ApiPath.of("api-keys", id));
        }

        @Override
        public String toString() {
            return "ApiKeyOperations";
        }
    }
}
