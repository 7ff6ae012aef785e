package homework.arch.billing;

public enum PaymentStatus {
    SUCCEEDED,
    DECLINED
}
