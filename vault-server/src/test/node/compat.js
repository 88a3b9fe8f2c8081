'use strict';

// Drives a fresh (non-dev, uninitialized) Flowvault server with node-vault 0.12, a client nobody
// here wrote: init, unseal, KV v1 and v2 reads and writes, token lookups, policies, seal.
//
// One line per check ("ok" or "FAIL" with the reason), then "PASSED n/m"; exits non-zero when any
// check fails. Run by NodeVaultCompatibilityTest with VAULT_ADDR set to the fresh server. Checks
// run in order and share state; a failure is reported and the run goes on.

const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const nodeVault = require('node-vault');

const endpoint = process.env.VAULT_ADDR;
if (!endpoint) {
    console.error('VAULT_ADDR is not set');
    process.exit(2);
}

const run = crypto.randomBytes(4).toString('hex');
console.log(`node-vault ${require('node-vault/package.json').version} on Node ${process.version}`);
const vault = nodeVault({ endpoint });
const state = {};
let passed = 0;
const failed = [];

async function check(name, fn) {
    try {
        await fn();
        passed += 1;
        console.log(`ok   ${name}`);
    } catch (e) {
        failed.push(name);
        const status = e && e.response ? ` [HTTP ${e.response.statusCode} ${JSON.stringify(e.response.body)}]` : '';
        console.log(`FAIL ${name}: ${e && e.message ? e.message.split('\n').join(' ') : e}${status}`);
    }
}

/** Asserts the promise rejects with node-vault's ApiResponseError carrying HTTP {@code status}. */
async function rejectsWith(status, promise, what) {
    let result;
    try {
        result = await promise;
    } catch (e) {
        assert.ok(e.response, `${what}: expected HTTP ${status}, got a non-HTTP error: ${e}`);
        assert.equal(e.response.statusCode, status, `${what}: status (body ${JSON.stringify(e.response.body)})`);
        return e;
    }
    assert.fail(`${what}: expected HTTP ${status}, but it succeeded with ${JSON.stringify(result)}`);
}

/** A second client with its own token, so token-creating calls do not switch the main one. */
function clientWith(token, options = {}) {
    return nodeVault({ endpoint, token, ...options });
}

async function main() {
    // --- init and unseal -----------------------------------------------------------------------
    await check('init: a fresh server reports not initialized and sealed', async () => {
        assert.deepEqual(await vault.initialized(), { initialized: false });
        const s = await vault.status();
        assert.equal(s.initialized, false, 'seal-status initialized');
        assert.equal(s.sealed, true, 'seal-status sealed');
        const h = await vault.health();
        assert.equal(h.initialized, false, 'health initialized');
    });

    await check('init: init with 5 shares and threshold 3 returns 5 keys and a root token', async () => {
        const r = await vault.init({ secret_shares: 5, secret_threshold: 3 });
        assert.equal(r.keys.length, 5, 'keys');
        assert.equal(new Set(r.keys).size, 5, 'distinct keys');
        assert.equal(r.keys_base64.length, 5, 'keys_base64');
        assert.ok(typeof r.root_token === 'string' && r.root_token.length > 0, 'root_token');
        state.keys = r.keys;
        state.root = r.root_token;
        vault.token = r.root_token;
        assert.deepEqual(await vault.initialized(), { initialized: true });
    });

    await check('init: seal status shows sealed with t=3, n=5 and no progress', async () => {
        const s = await vault.status();
        assert.equal(s.sealed, true, 'sealed');
        assert.equal(s.t, 3, 't');
        assert.equal(s.n, 5, 'n');
        assert.equal(s.progress, 0, 'progress');
    });

    await check('unseal: two keys make progress, the third unseals', async () => {
        let s = await vault.unseal({ key: state.keys[0] });
        assert.deepEqual([s.sealed, s.progress], [true, 1], 'after key 1');
        s = await vault.unseal({ key: state.keys[1] });
        assert.deepEqual([s.sealed, s.progress], [true, 2], 'after key 2');
        s = await vault.unseal({ key: state.keys[2] });
        assert.equal(s.sealed, false, 'after key 3');
        assert.equal((await vault.status()).sealed, false, 'status');
    });

    await check('health: an unsealed server is initialized, unsealed and active', async () => {
        const h = await vault.health();
        assert.equal(h.initialized, true, 'initialized');
        assert.equal(h.sealed, false, 'sealed');
        assert.equal(h.standby, false, 'standby');
        assert.ok(h.version, 'version');
    });

    // --- tokens --------------------------------------------------------------------------------
    await check('token: lookup-self shows the root token', async () => {
        const d = (await vault.tokenLookupSelf()).data;
        assert.equal(d.id, state.root, 'id');
        assert.deepEqual(d.policies, ['root'], 'policies');
        assert.equal(d.ttl, 0, 'root never expires');
    });

    await check('token: tokenCreate returns a token (and node-vault adopts it)', async () => {
        const creator = clientWith(state.root);
        const r = await creator.tokenCreate({ policies: ['default'], ttl: '1h', meta: { app: 'node' } });
        assert.deepEqual(r.auth.policies, ['default'], 'policies');
        assert.equal(r.auth.lease_duration, 3600, 'lease_duration');
        assert.equal(creator.token, r.auth.client_token, 'tokenSource switched the client token');
        state.token = r.auth.client_token;
        state.accessor = r.auth.accessor;
    });

    await check('token: tokenLookup shows the created token', async () => {
        const d = (await vault.tokenLookup({ token: state.token })).data;
        assert.equal(d.id, state.token, 'id');
        assert.equal(d.accessor, state.accessor, 'accessor');
        assert.deepEqual(d.policies, ['default'], 'policies');
        assert.deepEqual(d.meta, { app: 'node' }, 'meta');
        assert.ok(d.ttl > 3500 && d.ttl <= 3600, `ttl ${d.ttl}`);
        assert.equal(d.path, 'auth/token/create', 'path');
    });

    await check('token: tokenLookupSelf as the created token', async () => {
        const d = (await clientWith(state.token).tokenLookupSelf()).data;
        assert.equal(d.id, state.token, 'id');
        assert.deepEqual(d.policies, ['default'], 'policies');
    });

    await check('token: tokenLookupAccessor finds it without revealing the id', async () => {
        const d = (await vault.tokenLookupAccessor({ accessor: state.accessor })).data;
        assert.equal(d.accessor, state.accessor, 'accessor');
        assert.equal(d.id, '', 'id');
    });

    await check('token: tokenRenewSelf extends the ttl to the increment', async () => {
        const c = clientWith(state.token);
        const r = await c.tokenRenewSelf({ increment: '2h' });
        assert.equal(r.auth.lease_duration, 7200, 'lease_duration');
    });

    await check('token: tokenLookup of an unknown token is refused (403)', async () => {
        await rejectsWith(403, vault.tokenLookup({ token: 'hvs.no-such-token' }), 'lookup');
    });

    // --- KV v1 ---------------------------------------------------------------------------------
    const kv1 = `kv-${run}`;

    await check('kv1: mount() enables a kv version 1 engine, listed by mounts()', async () => {
        await vault.mount({ mount_point: kv1, type: 'kv', description: 'node kv', options: { version: '1' } });
        const m = (await vault.mounts()).data[`${kv1}/`];
        assert.ok(m, `${kv1}/ is listed`);
        assert.equal(m.type, 'kv', 'type');
        assert.equal(m.description, 'node kv', 'description');
        assert.deepEqual(m.options, { version: '1' }, 'options');
    });

    await check('kv1: write then read returns the data', async () => {
        await vault.write(`${kv1}/app/db`, { user: 'app', password: 'p1', port: 5432 });
        const r = await vault.read(`${kv1}/app/db`);
        assert.deepEqual(r.data, { user: 'app', password: 'p1', port: 5432 });
    });

    await check('kv1: a second write replaces the data', async () => {
        await vault.write(`${kv1}/app/db`, { user: 'app2' });
        assert.deepEqual((await vault.read(`${kv1}/app/db`)).data, { user: 'app2' });
    });

    await check('kv1: list (LIST verb) shows keys and sub-folders', async () => {
        await vault.write(`${kv1}/app/api/key`, { k: 'v' });
        const r = await vault.list(`${kv1}/app`);
        assert.deepEqual(r.data.keys.slice().sort(), ['api/', 'db']);
    });

    await check('kv1: list with noCustomHTTPVerbs (GET ?list=1) shows the same keys', async () => {
        const r = await clientWith(state.root, { noCustomHTTPVerbs: true }).list(`${kv1}/app`);
        assert.deepEqual(r.data.keys.slice().sort(), ['api/', 'db']);
    });

    await check('kv1: delete removes the key; read then answers 404', async () => {
        await vault.delete(`${kv1}/app/db`);
        await rejectsWith(404, vault.read(`${kv1}/app/db`), 'read after delete');
        assert.deepEqual((await vault.list(`${kv1}/app`)).data.keys, ['api/'], 'keys after delete');
    });

    await check('kv1: read of a missing key answers 404', async () => {
        await rejectsWith(404, vault.read(`${kv1}/nothing-here`), 'read');
    });

    // --- KV v2 ---------------------------------------------------------------------------------
    await check('kv2: mount() enables kv version 2 at secret/', async () => {
        await vault.mount({ mount_point: 'secret', type: 'kv', options: { version: '2' } });
        assert.equal((await vault.mounts()).data['secret/'].options.version, '2', 'options.version');
    });

    const p = `node-${run}/app`;

    await check('kv2: write to secret/data creates version 1', async () => {
        // KV v2 can take a moment to upgrade after mounting on real Vault; retry briefly on 400s.
        let r;
        for (let i = 0; ; i += 1) {
            try {
                r = await vault.write(`secret/data/${p}`, { data: { user: 'app', password: 's1' } });
                break;
            } catch (e) {
                if (i >= 20 || !e.response || e.response.statusCode !== 400) throw e;
                await new Promise((resolve) => setTimeout(resolve, 100));
            }
        }
        assert.equal(r.data.version, 1, 'version');
    });

    await check('kv2: read of secret/data returns data and metadata', async () => {
        const r = await vault.read(`secret/data/${p}`);
        assert.deepEqual(r.data.data, { user: 'app', password: 's1' }, 'data');
        assert.equal(r.data.metadata.version, 1, 'metadata.version');
    });

    await check('kv2: write with the current version as cas creates version 2', async () => {
        const r = await vault.write(`secret/data/${p}`, { options: { cas: 1 }, data: { user: 'app', password: 's2' } });
        assert.equal(r.data.version, 2, 'version');
    });

    await check('kv2: write with a stale cas is refused (400)', async () => {
        const e = await rejectsWith(400, vault.write(`secret/data/${p}`, { options: { cas: 1 }, data: { x: 'y' } }), 'stale cas');
        assert.match(e.message, /check-and-set/, 'error message');
    });

    await check('kv2: update (PATCH, merge-patch) merges into a new version', async () => {
        const r = await vault.update(`secret/data/${p}`, { data: { port: '5432' } });
        assert.equal(r.data.version, 3, 'version');
        assert.deepEqual((await vault.read(`secret/data/${p}`)).data.data, { user: 'app', password: 's2', port: '5432' });
    });

    await check('kv2: read ?version=1 returns the first version', async () => {
        const r = await vault.read(`secret/data/${p}?version=1`);
        assert.deepEqual(r.data.data, { user: 'app', password: 's1' }, 'data');
    });

    await check('kv2: list of secret/metadata shows the folder and key', async () => {
        assert.deepEqual((await vault.list('secret/metadata/')).data.keys, [`node-${run}/`], 'root keys');
        assert.deepEqual((await vault.list(`secret/metadata/node-${run}`)).data.keys, ['app'], 'folder keys');
    });

    await check('kv2: delete of secret/data soft-deletes the latest version', async () => {
        await vault.delete(`secret/data/${p}`);
        await rejectsWith(404, vault.read(`secret/data/${p}`), 'read after delete');
        const m = (await vault.read(`secret/metadata/${p}`)).data;
        assert.notEqual(m.versions['3'].deletion_time, '', 'version 3 deletion_time');
        assert.equal((await vault.read(`secret/data/${p}?version=2`)).data.data.password, 's2', 'version 2 still readable');
    });

    await check('kv2: destroySecretVersions destroys a version', async () => {
        await vault.destroySecretVersions({ mount_point: 'secret', path: p, versions: [1] });
        const m = (await vault.read(`secret/metadata/${p}`)).data;
        assert.equal(m.versions['1'].destroyed, true, 'version 1 destroyed');
        await rejectsWith(404, vault.read(`secret/data/${p}?version=1`), 'read destroyed version');
    });

    await check('kv2: delete of secret/metadata removes the key entirely', async () => {
        await vault.delete(`secret/metadata/${p}`);
        await rejectsWith(404, vault.read(`secret/metadata/${p}`), 'metadata read');
        await rejectsWith(404, vault.list(`secret/metadata/node-${run}`), 'list of the emptied folder');
    });

    // --- policies and denied access ------------------------------------------------------------
    await check('policy: a token limited to one path reads it and is denied elsewhere (403)', async () => {
        await vault.addPolicy({
            name: 'node-reader',
            rules: `path "${kv1}/app/*" { capabilities = ["read", "list"] }`,
        });
        assert.match((await vault.getPolicy({ name: 'node-reader' })).rules, new RegExp(`${kv1}/app/\\*`), 'rules');
        const limited = clientWith(state.root);
        const t = (await limited.tokenCreate({ policies: ['node-reader'], ttl: '10m' })).auth.client_token;
        const reader = clientWith(t);
        assert.deepEqual((await reader.read(`${kv1}/app/api/key`)).data, { k: 'v' }, 'granted read');
        const denied = await rejectsWith(403, reader.write(`${kv1}/app/api/key`, { k: 'x' }), 'write');
        assert.match(denied.message, /permission denied/, 'error message');
        await rejectsWith(403, reader.mounts(), 'sys/mounts');
    });

    await check('token: tokenRevoke makes the token unusable (403)', async () => {
        await vault.tokenRevoke({ token: state.token });
        await rejectsWith(403, clientWith(state.token).tokenLookupSelf(), 'lookup-self with revoked token');
        await rejectsWith(403, vault.tokenLookup({ token: state.token }), 'lookup of revoked token');
    });

    // --- seal and unseal again -----------------------------------------------------------------
    await check('seal: seal() seals the server; reads answer 503', async () => {
        await vault.seal();
        assert.equal((await vault.status()).sealed, true, 'sealed');
        await rejectsWith(503, vault.read(`${kv1}/app/api/key`), 'read while sealed');
        assert.equal((await vault.health()).sealed, true, 'health sealed');
    });

    await check('unseal: three other keys unseal again and the data survived', async () => {
        let s;
        for (const key of state.keys.slice(2, 5)) {
            s = await vault.unseal({ key });
        }
        assert.equal(s.sealed, false, 'sealed');
        assert.deepEqual((await vault.read(`${kv1}/app/api/key`)).data, { k: 'v' }, 'data');
    });

    console.log(`PASSED ${passed}/${passed + failed.length}`);
    if (failed.length > 0) {
        console.log(`FAILED CHECKS: ${failed.join('; ')}`);
    }
    process.exitCode = failed.length > 0 ? 1 : 0;
}

main().catch((e) => {
    console.log(`FATAL ${e && e.stack ? e.stack : e}`);
    process.exitCode = 1;
});
