package homework.arch.billing;

/** How one posting moves an account: signed minor units for the available and the held part. */
public record BalanceChange(long available, long held) {

    public long total() {
        return available + held;
    }
}
