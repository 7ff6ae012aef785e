package homework.arch.billing.api;

import static homework.arch.billing.Http.accountWith;
import static homework.arch.billing.Http.assertProblem;
import static homework.arch.billing.Http.deposit;
import static homework.arch.billing.Http.as;
import static homework.arch.billing.Http.hold;
import static homework.arch.billing.Http.newAccount;
import static homework.arch.billing.Http.transfer;
import static homework.arch.billing.Http.withdraw;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.comparesEqualTo;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.hamcrest.Matcher;
import org.junit.jupiter.api.Test;

@QuarkusTest
class StatementResourceTest {

    @Test
    void theStatementIsNewestFirstWithTheBalanceAfterEachEntry() {
        UUID user = newAccount();
        UUID friend = newAccount();
        deposit(user, "100").statusCode(201);
        withdraw(user, "30").statusCode(201);
        transfer(user, friend, "20").statusCode(201);
        hold(user, "10", null).statusCode(201);

        as(user).get("/billing/accounts/" + user + "/transactions").then().statusCode(200)
                .body("items.type", contains("HOLD", "TRANSFER", "WITHDRAWAL", "DEPOSIT"))
                .body("items.amount", contains(decimals("10", "20", "30", "100")))
                .body("items.balanceChange", contains(decimals("0", "-20", "-30", "100")))
                .body("items.balanceAfter", contains(decimals("50", "50", "70", "100")))
                .body("items[0].availableAfter", comparesEqualTo(new BigDecimal("40")))
                .body("items[0].heldAfter", comparesEqualTo(new BigDecimal("10")))
                .body("items[1].counterpartyUserId", is(friend.toString()))
                .body("items[0].currency", is("USD"))
                .body("nextCursor", nullValue());
        as(friend).get("/billing/accounts/" + friend + "/transactions").then()
                .body("items.type", contains("TRANSFER"))
                .body("items[0].balanceChange", comparesEqualTo(new BigDecimal("20")))
                .body("items[0].counterpartyUserId", is(user.toString()));
    }

    @Test
    void pagesFollowTheCursorToTheOldestEntry() {
        UUID user = accountWith("1");
        for (int i = 2; i <= 5; i++) {
            deposit(user, String.valueOf(i)).statusCode(201);
        }

        List<BigDecimal> amounts = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonPath page = as(user).queryParam("limit", 2).queryParam("cursor", cursor)
                    .get("/billing/accounts/" + user + "/transactions").then().statusCode(200).extract().jsonPath();
            amounts.addAll(page.getList("items.amount", BigDecimal.class));
            cursor = page.getString("nextCursor");
            pages++;
        } while (cursor != null);

        assertThat(pages).isEqualTo(3);
        assertThat(amounts).extracting(BigDecimal::intValue).containsExactly(5, 4, 3, 2, 1);
    }

    @Test
    void aNewAccountHasAnEmptyStatement() {
        UUID user = newAccount();
        as(user).get("/billing/accounts/" + user + "/transactions").then().statusCode(200)
                .body("items", empty())
                .body("nextCursor", nullValue());
    }

    @Test
    void theLimitIsOneToFiveHundred() {
        UUID user = accountWith("1");
        String statement = "/billing/accounts/" + user + "/transactions";

        as(user).queryParam("limit", 500).get(statement).then().statusCode(200).body("items", hasSize(1));
        for (String limit : new String[] { "0", "501", "ten" }) {
            assertProblem(as(user).queryParam("limit", limit).get(statement).then(), 400, "validation_failed")
                    .body("violations.field", contains("limit"));
        }
    }

    @Test
    void aCursorIsValidOnlyForItsOwnAccount() {
        UUID user = accountWith("1");
        deposit(user, "2").statusCode(201);
        String cursor = as(user).queryParam("limit", 1).get("/billing/accounts/" + user + "/transactions").then()
                .extract().path("nextCursor");

        UUID other = accountWith("1");
        assertProblem(as(other).queryParam("cursor", cursor)
                .get("/billing/accounts/" + other + "/transactions").then(), 400, "invalid_cursor");
        assertProblem(as(user).queryParam("cursor", "garbage")
                .get("/billing/accounts/" + user + "/transactions").then(), 400, "invalid_cursor");
    }

    @Test
    void anUnknownAccountHasNoStatement() {
        UUID nobody = UUID.randomUUID();
        assertProblem(as(nobody).get("/billing/accounts/" + nobody + "/transactions").then(), 404,
                "account_not_found");
    }

    @SuppressWarnings("unchecked")
    private static Matcher<BigDecimal>[] decimals(String... values) {
        return Arrays.stream(values).map(v -> comparesEqualTo(new BigDecimal(v))).toArray(Matcher[]::new);
    }
}
