package io.headway.gateway.auth;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What a key may do. {@link #ADMIN} implies every other role. */
public enum Role {
    /** Submit jobs, create external jobs and report their progress. */
    SUBMIT,
    /** Read jobs, logs, history and statistics; subscribe to the live stream; export. */
    READ,
    /** Cancel, pause and resume jobs. */
    CONTROL,
    /** Manage the tenant's API keys; implies every other role. */
    ADMIN;

    /** The name used in {@code @RolesAllowed} and in the API: lower case. */
    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Role of(String id) {
        for (Role role : values()) {
            if (role.id().equalsIgnoreCase(id)) {
                return role;
            }
        }
        throw new IllegalArgumentException("unknown role '" + id + "'; roles are submit, read, control, admin");
    }

    /** Role names for {@code @RolesAllowed}, which needs constants. */
    public static final class Names {
        public static final String SUBMIT = "submit";
        public static final String READ = "read";
        public static final String CONTROL = "control";
        public static final String ADMIN = "admin";

        private Names() {
        }
    }
}
