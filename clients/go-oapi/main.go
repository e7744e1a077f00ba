// Smoke program for the oapi-codegen client (package storefeeder, generated into
// build/clients/go-oapi/storefeeder by `nox -s clients` from openapi.yaml here, the variant of
// the spec without the text/* duplicates). Reads SF_* variables (see scripts/clients.py), exits
// non-zero on the first thing that is not as the contract says.
package main

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"strconv"

	sf "storefeeder.example/smoke-oapi/storefeeder"
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
	ctx := context.Background()

	login, err := sf.NewClientWithResponses(env("SF_BASE_URL"))
	if err != nil {
		fail("client: %v", err)
	}
	token, err := login.CreateTokenWithFormdataBodyWithResponse(ctx, sf.TokenRequest{
		GrantType: sf.Password, Username: env("SF_USERNAME"), Password: env("SF_PASSWORD"), ClientId: env("SF_CLIENT_ID"),
	})
	if err != nil || token.JSON200 == nil {
		fail("log in: %v %s", err, token.Body)
	}
	bearer := func(_ context.Context, req *http.Request) error {
		req.Header.Set("Authorization", "Bearer "+token.JSON200.AccessToken)
		return nil
	}
	api, err := sf.NewClientWithResponses(env("SF_BASE_URL"), sf.WithRequestEditorFn(bearer))
	if err != nil {
		fail("client: %v", err)
	}

	override, err := api.OverrideOrderStatusesWithResponse(ctx, sf.ArrayOfOverrideOrderStatusModel{
		{OrderNumber: order, OrderStatus: sf.OnHold},
		{OrderNumber: missing, OrderStatus: sf.OnHold},
	})
	if err != nil || override.JSON200 == nil {
		fail("override: %v %s", err, override.Body)
	}
	results := *override.JSON200
	if len(results) != 2 || !results[0].Success || results[1].Success || results[1].Error == nil {
		fail("override results: %+v", results)
	}
	fmt.Printf("override: %d -> %s ok; %d failed: %s\n", order, results[0].OrderStatus, missing, *results[1].Error)

	catalogue, err := api.GetOrderStatusesWithResponse(ctx)
	if err != nil || catalogue.JSON200 == nil {
		fail("catalogue: %v", err)
	}
	known := false
	for _, item := range *catalogue.JSON200 {
		known = known || item.OrderStatus.OrderStatus == newStatus
	}
	if !known {
		fail("catalogue lacks %s", newStatus)
	}
	fmt.Printf("catalogue: %d statuses, %s among them\n", len(*catalogue.JSON200), newStatus)

	read, err := api.GetOrderWithResponse(ctx, order)
	if err != nil || read.JSON200 == nil || read.JSON200.OrderStatus != "OnHold" {
		fail("read order %d: %v %s", order, err, read.Body)
	}
	fmt.Printf("order %d: %s\n", order, read.JSON200.OrderStatus)

	unknown, err := api.GetOrderWithResponse(ctx, newOrder)
	if err != nil || unknown.JSON200 == nil || unknown.JSON200.OrderStatus != newStatus {
		fail("order with a status the spec lacks: %v %s", err, unknown.Body)
	}
	fmt.Printf("order %d: %s (a status the spec does not list, decoded)\n", newOrder, unknown.JSON200.OrderStatus)
}
