// Smoke program for the openapi-generator Go client (package storefeeder, generated into
// build/clients/go/storefeeder by `nox -s clients`). Reads SF_* variables (see scripts/clients.py),
// exits non-zero on the first thing that is not as the contract says.
package main

import (
	"context"
	"fmt"
	"os"
	"strconv"

	sf "storefeeder.example/smoke/storefeeder"
)

func env(name string) string {
	value := os.Getenv(name)
	if value == "" {
		fail("%s is not set", name)
	}
	return value
}

func number(name string) int32 {
	n, err := strconv.ParseInt(env(name), 10, 32)
	if err != nil {
		fail("%s: %v", name, err)
	}
	return int32(n)
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "FAIL: "+format+"\n", args...)
	os.Exit(1)
}

func main() {
	order, missing, newOrder := number("SF_ORDER"), number("SF_MISSING_ORDER"), number("SF_NEW_STATUS_ORDER")
	newStatus := env("SF_NEW_STATUS")

	cfg := sf.NewConfiguration()
	cfg.Servers = sf.ServerConfigurations{{URL: env("SF_BASE_URL")}}
	api := sf.NewAPIClient(cfg)
	ctx := context.Background()

	token, _, err := api.AuthenticationAPI.CreateToken(ctx).GrantType("password").
		Username(env("SF_USERNAME")).Password(env("SF_PASSWORD")).ClientId(env("SF_CLIENT_ID")).Execute()
	if err != nil {
		fail("log in: %v", err)
	}
	ctx = context.WithValue(ctx, sf.ContextAccessToken, token.AccessToken) // sent as "Bearer <token>"

	results, _, err := api.OrdersAPI.OverrideOrderStatuses(ctx).OverrideOrderStatusModel([]sf.OverrideOrderStatusModel{
		{OrderNumber: order, OrderStatus: sf.ON_HOLD},
		{OrderNumber: missing, OrderStatus: sf.ON_HOLD},
	}).Execute()
	if err != nil {
		fail("override: %v", err)
	}
	if len(results) != 2 || !results[0].Success || results[1].Success || results[1].GetError() == "" {
		fail("override results: %+v", results)
	}
	fmt.Printf("override: %d -> %s ok; %d failed: %s\n", order, results[0].OrderStatus, missing, results[1].GetError())

	catalogue, _, err := api.OrderStatusesAPI.GetOrderStatuses(ctx).Execute()
	if err != nil {
		fail("catalogue: %v", err)
	}
	known := false
	for _, item := range catalogue {
		known = known || item.OrderStatus.OrderStatus == newStatus
	}
	if !known {
		fail("catalogue lacks %s", newStatus)
	}
	fmt.Printf("catalogue: %d statuses, %s among them\n", len(catalogue), newStatus)

	read, _, err := api.OrdersAPI.GetOrder(ctx, order).Execute()
	if err != nil || read.OrderStatus != "OnHold" {
		fail("read order %d: %v %+v", order, err, read)
	}
	fmt.Printf("order %d: %s\n", order, read.OrderStatus)

	unknown, _, err := api.OrdersAPI.GetOrder(ctx, newOrder).Execute()
	if err != nil || unknown.OrderStatus != newStatus {
		fail("order with a status the spec lacks: %v %+v", err, unknown)
	}
	fmt.Printf("order %d: %s (a status the spec does not list, decoded)\n", newOrder, unknown.OrderStatus)
}
