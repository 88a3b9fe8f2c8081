package org.flowvault.platform.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.flowvault.platform.flow.FlowDefinition;
import org.flowvault.platform.flow.FlowDefinitionException;
import org.flowvault.platform.flow.InputSpec;
import org.flowvault.platform.flow.ValueType;
import org.junit.jupiter.api.Test;

class CredentialFlowInputTest {

    @Test
    void aCredentialInputDeclaresItsDomainAndIsRequiredAndNotSensitiveByDefault() {
        FlowDefinition f = FlowDefinition.parse("""
                name: login
                inputs:
                  USER: {type: credential, domain: "https://portal.example.com"}
                  OTHER: {type: credential, domain: portal.example.com, required: false}
                steps:
                  - {id: go, task: HTTP, inputs: {url: "https://portal.example.com/?u=${{ inputs.USER.user_name }}&c=${{ inputs.USER.totp }}"}}
                """, Set.of("HTTP"));
        InputSpec user = f.input("USER").orElseThrow();
        assertThat(user.type()).isEqualTo(ValueType.CREDENTIAL);
        assertThat(user.domain()).isEqualTo("https://portal.example.com");
        assertThat(user.required()).isTrue();
        assertThat(user.sensitive()).isFalse();
        assertThat(f.input("OTHER").orElseThrow().required()).isFalse();
        assertThat(InputSpec.bind(f.inputs(), java.util.Map.of("USER", "user-123"))).containsEntry("USER", "user-123");
    }

    @Test
    void aCredentialInputWithoutDomainOrADomainOnAnotherTypeIsAProblemWithItsLine() {
        assertThatThrownBy(() -> FlowDefinition.parse("""
                name: login
                inputs:
                  USER: {type: credential}
                  PLAIN: credential
                  NAME: {type: string, domain: example.com}
                steps:
                  - {id: go, task: HTTP, inputs: {url: "https://example.com"}}
                """, Set.of("HTTP"))).isInstanceOf(FlowDefinitionException.class)
                .hasMessageContaining("credential input 'USER' needs 'domain'")
                .hasMessageContaining("credential input 'PLAIN' needs its domain")
                .hasMessageContaining("'domain' belongs to credential inputs only");
    }
}
