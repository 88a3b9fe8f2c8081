package org.flowvault.sdk;

/** The server refused the request's content (HTTP 400): its message names the field and what is allowed. */
public final class InvalidRequestException extends FlowvaultException {
    InvalidRequestException(int status, String reason, String message) {
        super(status, reason, message);
    }
}
