package org.flowvault.platform.identity;

/** A platform user's role: admins manage users, projects and vault configurations; members use them. */
public enum Role {
    ADMIN,
    MEMBER
}
