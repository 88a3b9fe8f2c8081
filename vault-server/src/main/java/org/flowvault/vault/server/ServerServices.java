package org.flowvault.vault.server;

import java.time.Clock;
import org.flowvault.vault.server.audit.AuditBroker;
import org.flowvault.vault.server.core.AuditLog;
import org.flowvault.vault.server.core.Core;
import org.flowvault.vault.server.core.CoreOptions;
import org.flowvault.vault.server.core.CoreServices;
import org.flowvault.vault.server.core.SealApi;
import org.flowvault.vault.server.core.Tokens;
import org.flowvault.vault.server.core.Wrapping;
import org.flowvault.vault.server.storage.Storage;
import org.flowvault.vault.server.sys.SysBackend;
import org.flowvault.vault.server.token.TokenStore;
import org.flowvault.vault.server.wrapping.ResponseWrapper;

/**
 * Fills the core's ports with this server's token store, audit broker, response wrapping and seal
 * endpoints, and keeps the instances of the current unseal for the {@code sys} endpoints that
 * manage them (audit devices, unwrap).
 */
final class ServerServices implements CoreServices {
    private volatile AuditBroker audit;
    private volatile ResponseWrapper wrapping;

    @Override
    public Tokens tokens(Storage storage, CoreOptions options) {
        return new TokenStore(storage, options.clock(), options.defaultLeaseTtl(), options.maxLeaseTtl());
    }

    @Override
    public AuditLog audit(Storage storage, Clock clock) {
        AuditBroker broker = new AuditBroker(storage, clock);
        audit = broker;
        return broker;
    }

    @Override
    public Wrapping wrapping(Storage storage, Tokens tokens) {
        ResponseWrapper wrapper = new ResponseWrapper(storage, tokens);
        wrapping = wrapper;
        return wrapper;
    }

    @Override
    public SealApi sealApi(Core core) {
        return SysBackend.sealApi(core);
    }

    AuditBroker audit() {
        return audit;
    }

    ResponseWrapper wrapping() {
        return wrapping;
    }
}
