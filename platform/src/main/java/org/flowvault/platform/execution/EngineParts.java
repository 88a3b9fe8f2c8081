package org.flowvault.platform.execution;

import java.time.Clock;
import java.time.Duration;
import org.flowvault.platform.flow.CodeFlows;
import org.flowvault.platform.flow.FlowStore;
import org.flowvault.platform.identity.ProjectMembership;
import org.flowvault.platform.task.Egress;
import org.flowvault.platform.task.SecretWriteListener;
import org.flowvault.platform.task.TaskRegistry;
import org.flowvault.platform.vaultconfig.VaultAccess;

/** What an execution needs from its engine; immutable. {@code vaultAccess} may be null. */
record EngineParts(String node, RunStore store, FlowStore flows, CodeFlows codeFlows, TaskRegistry tasks,
                   ConnectionResolver connections, SecretWrites secretWrites, VaultAccess vaultAccess,
                   SecretWriteListener writeListener, ProjectMembership membership, Sealer sealer, Clock clock,
                   Duration lease, Signals signals, Egress egress, CredentialInputs credentials,
                   RunLeases runLeases) {
}
