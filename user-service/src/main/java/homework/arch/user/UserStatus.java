package homework.arch.user;

/** Where a registration stands: PENDING until its billing account is open, then ACTIVE, a user for good. */
public enum UserStatus {
    PENDING,
    ACTIVE
}
