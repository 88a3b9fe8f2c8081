/**
 * The client's token over time: {@link org.flowvault.vault.client.internal.session.Session} logs in with an
 * {@link org.flowvault.vault.client.auth.Authentication}, renews the token in the background
 * (Vault's own lifetime-watcher rule: about two thirds of the TTL, with jitter), logs in again when
 * the token's max TTL is reached, and revokes what it created on close.
 * {@link org.flowvault.vault.client.internal.session.SessionOptions} sets the timing, clock and scheduler;
 * {@link org.flowvault.vault.client.internal.session.SessionListener}s hear
 * {@link org.flowvault.vault.client.SessionEvent}s.
 */
package org.flowvault.vault.client.internal.session;

import org.flowvault.vault.client.SessionEvent;
