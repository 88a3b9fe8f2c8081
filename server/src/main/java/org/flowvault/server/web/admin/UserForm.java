package org.flowvault.server.web.admin;

/**
 * The new-user form as shown again after a refusal: the values kept (never the password), the
 * message beside the field it is about.
 */
public record UserForm(String username, String role, String errorField, String error) {
    static final UserForm EMPTY = new UserForm("", "member", "", "");
}
