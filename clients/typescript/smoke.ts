// Smoke program for the typescript-fetch client (generated into build/clients/typescript/generated
// by `nox -s clients`). Reads SF_* variables (see scripts/clients.py), exits non-zero on the first
// thing that is not as the contract says. Node 20's global fetch; no other dependency.
import {
  AuthenticationApi,
  Configuration,
  CreateTokenGrantTypeEnum,
  OrderStatusesApi,
  OrdersApi,
  Statuses,
} from "./generated";

declare const process: { env: Record<string, string | undefined>; exit(code: number): never };

function env(name: string): string {
  const value = process.env[name];
  if (!value) fail(`${name} is not set`);
  return value;
}

function fail(message: string): never {
  console.error(`FAIL: ${message}`);
  process.exit(1);
}

async function main(): Promise<void> {
  const [order, missing, newOrder] = ["SF_ORDER", "SF_MISSING_ORDER", "SF_NEW_STATUS_ORDER"].map((n) => Number(env(n)));
  const newStatus = env("SF_NEW_STATUS");
  const basePath = env("SF_BASE_URL");

  const token = await new AuthenticationApi(new Configuration({ basePath })).createToken({
    grantType: CreateTokenGrantTypeEnum.Password,
    username: env("SF_USERNAME"),
    password: env("SF_PASSWORD"),
    clientId: env("SF_CLIENT_ID"),
  });
  const config = new Configuration({ basePath, accessToken: token.accessToken }); // bearerAuth adds "Bearer "
  const orders = new OrdersApi(config);

  const results = await orders.overrideOrderStatuses({
    overrideOrderStatusModel: [
      { orderNumber: order, orderStatus: Statuses.OnHold },
      { orderNumber: missing, orderStatus: Statuses.OnHold },
    ],
  });
  if (results.length !== 2 || !results[0].success || results[1].success || !results[1].error) {
    fail(`override results: ${JSON.stringify(results)}`);
  }
  console.log(`override: ${order} -> ${results[0].orderStatus} ok; ${missing} failed: ${results[1].error}`);

  const catalogue = await new OrderStatusesApi(config).getOrderStatuses();
  if (!catalogue.some((item) => item.orderStatus.orderStatus === newStatus)) fail(`catalogue lacks ${newStatus}`);
  console.log(`catalogue: ${catalogue.length} statuses, ${newStatus} among them`);

  const read = await orders.getOrder({ ordernumber: order });
  if (read.orderStatus !== "OnHold") fail(`order ${order}: ${JSON.stringify(read)}`);
  console.log(`order ${order}: ${read.orderStatus}`);

  const unknown = await orders.getOrder({ ordernumber: newOrder });
  if (unknown.orderStatus !== newStatus) fail(`order ${newOrder}: ${JSON.stringify(unknown)}`);
  console.log(`order ${newOrder}: ${unknown.orderStatus} (a status the spec does not list, decoded)`);
}

main().catch((error: unknown) => fail(String(error)));
