// Smoke program for the openapi-generator java client, library native (java.net.http +
// Jackson; generated into build/clients/java by `nox -s clients`). Reads SF_* variables (see
// scripts/clients.py), exits non-zero on the first thing that is not as the contract says.
package smoke;

import com.storefeeder.client.ApiClient;
import com.storefeeder.client.api.AuthenticationApi;
import com.storefeeder.client.api.OrderStatusesApi;
import com.storefeeder.client.api.OrdersApi;
import com.storefeeder.client.model.OrderModel;
import com.storefeeder.client.model.OrderStatusesResponse;
import com.storefeeder.client.model.OverrideOrderStatusModel;
import com.storefeeder.client.model.OverrideOrderStatusResponse;
import com.storefeeder.client.model.Statuses;
import java.util.List;

public final class Smoke {
  private static String env(String name) {
    String value = System.getenv(name);
    if (value == null || value.isEmpty()) fail(name + " is not set");
    return value;
  }

  private static void fail(String message) {
    System.err.println("FAIL: " + message);
    System.exit(1);
  }

  public static void main(String[] args) throws Exception {
    int order = Integer.parseInt(env("SF_ORDER"));
    int missing = Integer.parseInt(env("SF_MISSING_ORDER"));
    int newOrder = Integer.parseInt(env("SF_NEW_STATUS_ORDER"));
    String newStatus = env("SF_NEW_STATUS");

    ApiClient client = new ApiClient(); // default HttpClient: sends Upgrade: h2c over plain http
    client.updateBaseUri(env("SF_BASE_URL"));
    String token = new AuthenticationApi(client)
        .createToken("password", env("SF_USERNAME"), env("SF_PASSWORD"), env("SF_CLIENT_ID"))
        .getAccessToken();
    // The native library has no auth support: an interceptor adds the bearer token.
    client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + token));
    OrdersApi orders = new OrdersApi(client);

    List<OverrideOrderStatusResponse> results = orders.overrideOrderStatuses(List.of(
        new OverrideOrderStatusModel().orderNumber(order).orderStatus(Statuses.ON_HOLD),
        new OverrideOrderStatusModel().orderNumber(missing).orderStatus(Statuses.ON_HOLD)));
    if (results.size() != 2 || !results.get(0).getSuccess() || results.get(1).getSuccess()
        || results.get(1).getError() == null) {
      fail("override results: " + results);
    }
    System.out.printf("override: %d -> %s ok; %d failed: %s%n",
        order, results.get(0).getOrderStatus(), missing, results.get(1).getError());

    List<OrderStatusesResponse> catalogue = new OrderStatusesApi(client).getOrderStatuses();
    if (catalogue.stream().noneMatch(s -> newStatus.equals(s.getOrderStatus().getOrderStatus()))) {
      fail("catalogue lacks " + newStatus);
    }
    System.out.printf("catalogue: %d statuses, %s among them%n", catalogue.size(), newStatus);

    OrderModel read = orders.getOrder(order);
    if (!"OnHold".equals(read.getOrderStatus())) fail("order " + order + ": " + read);
    System.out.printf("order %d: %s%n", order, read.getOrderStatus());

    OrderModel unknown = orders.getOrder(newOrder);
    if (!newStatus.equals(unknown.getOrderStatus())) fail("order " + newOrder + ": " + unknown);
    System.out.printf("order %d: %s (a status the spec does not list, decoded)%n", newOrder, unknown.getOrderStatus());
  }
}
