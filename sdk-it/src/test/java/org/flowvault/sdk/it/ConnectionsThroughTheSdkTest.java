package org.flowvault.sdk.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.flowvault.platform.db.Database;
import org.flowvault.sdk.NotFoundException;
import org.flowvault.sdk.connection.Connection;
import org.flowvault.sdk.connection.ConnectionOperations;
import org.flowvault.sdk.connection.ConnectionRequest;
import org.flowvault.sdk.connection.Resolution;
import org.flowvault.sdk.core.Flowvault;
import org.flowvault.server.ApiHarness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Connections through the SDK against the real server (H2), and names that try to leave their path segment. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConnectionsThroughTheSdkTest {
    private ApiHarness h;
    private ApiHarness.Session adminSession;
    private Flowvault admin;
    private String project;

    @BeforeAll
    void start() {
        h = ApiHarness.open(Database.Dialect.H2);
        adminSession = h.bootstrapAdmin();
        project = h.project(adminSession, "conn");
        admin = Flowvault.builder().address(h.api().address()).apiKey(adminSession.token()).project(project).build();
    }

    @AfterAll
    void stop() {
        h.close();
    }

    @Test
    void aConnectionIsCreatedListedResolvedRenamedAndDeleted() {
        ConnectionOperations connections = admin.connections();
        String name = ApiHarness.random("api");

        Connection created = connections.create(ConnectionRequest.builder().name(name).type("HTTP")
                .value("{\"url\": \"https://api.example.com\", \"timeout_seconds\": 5}").description("the API").build());

        assertThat(created.type()).isEqualTo("HTTP");
        assertThat(connections.list()).extracting(Connection::name).contains(name);
        assertThat(connections.get(name).description()).isEqualTo("the API");
        Resolution resolved = connections.resolve(name, Map.of("timeout_seconds", 9));
        assertThat(resolved.inputs()).containsEntry("url", "https://api.example.com").containsEntry("timeout_seconds", 9);
        assertThat(resolved.sources().get("timeout_seconds").kind()).isEqualTo("override");
        assertThat(connections.preview(name).inputs()).containsEntry("timeout_seconds", 5);
        connections.refresh(name);

        Connection renamed = connections.update(name, ConnectionRequest.builder().name(name + "-v2").description("renamed").build());

        assertThat(renamed.name()).isEqualTo(name + "-v2");
        assertThat(renamed.value()).contains("api.example.com");
        connections.delete(name + "-v2");
        assertThatThrownBy(() -> connections.get(name + "-v2")).isInstanceOf(NotFoundException.class).hasMessageContaining(name);
    }

    @Test
    void aNameMadeOfDotsOrSlashesStaysInItsSegmentAndCannotReachTheProject() {
        ConnectionOperations connections = admin.connections();
        connections.create(ConnectionRequest.builder().name(ApiHarness.random("keep")).type("HTTP").value("{\"url\": \"https://a.example.com\"}").build());

        for (String hostile : List.of("..", ".", "../..", "x/../..", "%2e%2e", "?x=1", "#")) {
            assertThatThrownBy(() -> connections.delete(hostile)).as(hostile).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> connections.get(hostile)).as(hostile).isInstanceOf(NotFoundException.class);
        }

        // before ApiPath, "projects/P/connections/.." resolved to DELETE /api/v1/projects/P/: the project survives now
        assertThat(admin.projects().list()).extracting(p -> p.name()).contains(project);
        assertThat(connections.list()).hasSize(1);
    }

    @Test
    void anotherProjectsConnectionsAreNotFound() {
        Flowvault stranger = Flowvault.builder().address(h.api().address()).apiKey(h.member(adminSession, "eve").token())
                .project(project).build();

        assertThatThrownBy(() -> stranger.connections().list()).isInstanceOf(NotFoundException.class).hasMessageContaining(project);
    }
}
