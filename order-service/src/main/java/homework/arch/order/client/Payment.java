package homework.arch.order.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** Only what order-service needs of billing's payment; billing may add fields without breaking us. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Payment(String status, String reason) {

    public static final String SUCCEEDED = "SUCCEEDED";
    public static final String DECLINED = "DECLINED";

    public boolean succeeded() {
        return SUCCEEDED.equals(status);
    }

    public boolean declined() {
        return DECLINED.equals(status);
    }
}
