using Insure.Api.Features.Events;
using Insure.Api.Infrastructure;
using Insure.Grains;
using Insure.Grains.Queries;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Insure.Api.Features.Webhooks;

/// <summary>`/v1/webhooks`: subscriptions to the tenant's events, their deliveries, redelivery and replay.</summary>
public static class WebhooksApi
{
    /// <summary>The most events one replay sends; a wider range is refused with the count, to be split.</summary>
    public const int MaxReplay = 1000;

    private const string SigningDescription =
        "Each delivery is a POST of the event (`{\"id\",\"type\",\"orgId\",\"timestamp\",\"data\"}`, as `GET /v1/events/{id}` shows it) "
        + "with `X-Insure-Signature: sha256=<hex HMAC-SHA256(secret, rawBody)>` and `X-Insure-Signature-256: t=<unix>,v1=<hex "
        + "HMAC-SHA256(secret, \"<t>.<rawBody>\")>`, plus `X-Insure-Event-Id` and `X-Insure-Delivery-Id`. After `rotate-secret` the "
        + "previous secret keeps signing for `Insure:Webhooks:SecretOverlap` (default 24 h): `X-Insure-Signature-256` then carries one "
        + "`v1` per secret (newest first) and `X-Insure-Signature`, which holds one value, is made with the previous secret until the "
        + "overlap ends. A 2xx answer within `Insure:Webhooks:Timeout` (default 10 s) delivers; anything else is retried after "
        + "`Insure:Webhooks:RetryDelays` (default 1m, 5m, 30m, 2h, 12h), then the delivery is `failed`. A subscription whose "
        + "deliveries have all failed for `Insure:Webhooks:DisableAfter` (default 3 days) is disabled, with the event `webhook.disabled`. "
        + "Receivers de-duplicate on the event id: an event may arrive more than once.";

    public static RouteGroupBuilder MapWebhooks(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/webhooks")
            .WithTags("Webhooks")
            .WithErrorResponses(400, 401, 403, 404, 409, 413, 422, 429);

        // What a subscription receives is the event log's content, so managing one takes reading it too.
        group.MapPost("/", Create).RequireScope("webhooks:write").RequireScope("events:read")
            .WithName("CreateWebhook")
            .WithSummary("Subscribe a URL to events; the response holds the signing secret, shown only this once (Cache-Control: no-store)")
            .WithDescription("`events` lists event types (see `GET /v1/webhooks/event-types`), wildcards such as `policy.*`, or `*`. "
                + "The URL must be https, without credentials, and resolve only to public addresses: loopback, private, link-local, "
                + "shared, unspecified, multicast and broadcast addresses are refused here and again, against the address connected "
                + "to, at every delivery; redirects are not followed. The key needs `events:read` as well as `webhooks:write`: a subscription "
                + "receives what the event log holds. " + SigningDescription);
        group.MapGet("/", List).RequireScope("webhooks:read").WithPaging()
            .WithQuery("enabled", "true or false")
            .WithName("ListWebhooks")
            .WithSummary("List the webhook subscriptions of the caller's environment (never their secrets)");
        group.MapGet("/event-types", EventTypeList).RequireScope("webhooks:read")
            .WithName("ListWebhookEventTypes")
            .WithSummary("Every event type the platform emits, which subscriptions may name");
        group.MapGet("/{id}", Get).RequireScope("webhooks:read")
            .WithName("GetWebhook")
            .WithSummary("Retrieve a webhook subscription (never its secret)");
        group.MapPatch("/{id}", Update).RequireScope("webhooks:write").RequireScope("events:read")
            .WithName("UpdateWebhook")
            .WithSummary("Change the url, events, description or enabled; enabling a disabled subscription clears its failure streak")
            .WithDescription("A subscription enabled again receives the events from then on; deliveries cancelled while it was disabled, and "
                + "events from that time, are sent by `POST /v1/webhooks/{id}/replay`. Needs `events:read` as well as `webhooks:write`.");
        group.MapDelete("/{id}", Delete).RequireScope("webhooks:write")
            .WithName("DeleteWebhook")
            .WithSummary("Delete a subscription: nothing is delivered to it afterwards, pending retries included");
        group.MapPost("/{id}/rotate-secret", Rotate).RequireScope("webhooks:write")
            .WithName("RotateWebhookSecret")
            .WithSummary("Issue a new signing secret (shown once); the previous one keeps signing alongside it for the overlap")
            .WithDescription(SigningDescription);
        group.MapGet("/{id}/deliveries", Deliveries).RequireScope("webhooks:read").WithPaging()
            .WithQuery("status", "pending, delivered, failed or cancelled")
            .WithQuery("eventType", "Only deliveries of this event type, e.g. policy.bound")
            .WithName("ListWebhookDeliveries")
            .WithSummary("List a subscription's deliveries, newest first, each with its attempts (time, status code, latency, response start)")
            .WithDescription("`attempts` holds a delivery's latest 20 attempts, oldest first, each with its time, trigger (`event`, `retry`, "
                + "`replay` or `manual`), status code (null when no answer came), latency, the first 1 KB of the response body and, when "
                + "there was no answer, why (a timeout, a refused address, a connection failure); `attemptCount` counts them all.");
        group.MapGet("/{id}/deliveries/{deliveryId}", Delivery).RequireScope("webhooks:read")
            .WithName("GetWebhookDelivery")
            .WithSummary("Retrieve one delivery and its attempts");
        group.MapPost("/{id}/deliveries/{deliveryId}/redeliver", Redeliver).RequireScope("webhooks:write").RequireScope("events:read")
            .WithName("RedeliverWebhookDelivery")
            .WithSummary("Send the delivery's event again now, whatever its status; answers with the attempt recorded");
        group.MapPost("/{id}/replay", Replay).RequireScope("webhooks:write").RequireScope("events:read")
            .WithName("ReplayWebhookEvents")
            .WithSummary("Send past events from the event log again, each as a new delivery: `eventIds`, or a `from`..`to` range")
            .WithDescription($"Give `eventIds` (up to {MaxReplay}; sent whatever the subscription's filters), or `from` (inclusive) and `to` "
                + $"(exclusive) event times, which send the events of the range that match the subscription's filters, oldest first. "
                + $"A range holding more than {MaxReplay} such events is refused with 422 and its count: split it. Answers 202 with the "
                + "new deliveries, whose attempts follow at once.");
        return group;
    }

    private static async Task<Created<WebhookWithSecretResource>> Create(CreateWebhookRequest? body, HttpContext context, IGrainFactory grains)
    {
        Validate.Body(body);
        var id = Ids.New(IdPrefixes.Webhook, context.TenantClock());
        var created = (await context.TenantGrains(grains).Get<IWebhookEndpointGrain>(id)
            .Create(new NewWebhookEndpoint(body!.Url, body.Events, body.Description, context.Caller().Actor))).ValueOrThrow()!;
        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.Created($"/v1/webhooks/{id}", created.ToResource());
    }

    private static async Task<ListPage<WebhookResource>> List(HttpContext context, IQueryStore queries)
    {
        var tags = new Dictionary<string, string> { ["deleted"] = "false" };
        if (QueryParameters.Tags(context.Request, "enabled") is { } enabled)
        {
            tags["enabled"] = enabled["enabled"] is "true" or "false"
                ? enabled["enabled"]
                : throw ApiException.Validation("enabled", "enum", "enabled must be true or false");
        }
        return await queries.Read<WebhookEndpointInfo, WebhookResource>(QueryKinds.Webhook, context.Caller().Tenant.ToString(),
            new QueryFilter(tags, null, null), PageRequest.From(context.Request), w => w.ToResource());
    }

    private static ListPage<WebhookEventTypeResource> EventTypeList(HttpContext context) =>
        ListPages.Of(EventTypes.All.Select(t => new WebhookEventTypeResource(t.Key, t.Value)).ToList(), PageRequest.From(context.Request));

    private static async Task<Results<Ok<WebhookResource>, NotFound<ApiError>>> Get(string id, HttpContext context, IGrainFactory grains)
    {
        var info = Grain(id, context, grains) is { } grain ? await grain.Get() : null;
        return info is null ? TypedResults.NotFound(ErrorResponses.NotFound(context, "Webhook")) : TypedResults.Ok(info.ToResource());
    }

    private static async Task<Results<Ok<WebhookResource>, NotFound<ApiError>>> Update(
        string id, UpdateWebhookRequest? body, HttpContext context, IGrainFactory grains)
    {
        Validate.Body(body);
        var updated = Grain(id, context, grains) is { } grain
            ? (await grain.Update(new WebhookEndpointChange(body!.Url, body.Events, body.Description, body.Enabled, context.Caller().Actor))).ValueOrThrow()
            : null;
        return updated is null ? TypedResults.NotFound(ErrorResponses.NotFound(context, "Webhook")) : TypedResults.Ok(updated.ToResource());
    }

    private static async Task<Results<NoContent, NotFound<ApiError>>> Delete(string id, HttpContext context, IGrainFactory grains)
    {
        var deleted = Grain(id, context, grains) is { } grain ? (await grain.Delete(context.Caller().Actor)).ValueOrThrow() : null;
        return deleted is null ? TypedResults.NotFound(ErrorResponses.NotFound(context, "Webhook")) : TypedResults.NoContent();
    }

    private static async Task<Results<Ok<WebhookWithSecretResource>, NotFound<ApiError>>> Rotate(string id, HttpContext context, IGrainFactory grains)
    {
        var rotated = Grain(id, context, grains) is { } grain ? (await grain.RotateSecret(context.Caller().Actor)).ValueOrThrow() : null;
        if (rotated is null)
        {
            return TypedResults.NotFound(ErrorResponses.NotFound(context, "Webhook"));
        }
        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(rotated.ToResource());
    }

    private static async Task<Results<Ok<ListPage<WebhookDeliveryResource>>, NotFound<ApiError>>> Deliveries(
        string id, HttpContext context, IGrainFactory grains, IQueryStore queries)
    {
        var paging = PageRequest.From(context.Request);
        if (Grain(id, context, grains) is not { } grain || await grain.Get() is null)
        {
            return TypedResults.NotFound(ErrorResponses.NotFound(context, "Webhook"));
        }
        QueryParameters.OneOf(context.Request, "status", WebhookDeliveryStatuses.All);
        var tags = new Dictionary<string, string>(QueryParameters.Tags(context.Request, "status", "eventType") ?? new Dictionary<string, string>())
        {
            ["webhookId"] = id,
        };
        return TypedResults.Ok(await queries.Read<WebhookDeliveryInfo, WebhookDeliveryResource>(QueryKinds.WebhookDelivery,
            context.Caller().Tenant.ToString(), new QueryFilter(tags, null, null), paging, d => d.ToResource()));
    }

    private static async Task<Results<Ok<WebhookDeliveryResource>, NotFound<ApiError>>> Delivery(
        string id, string deliveryId, HttpContext context, IGrainFactory grains)
    {
        var delivery = DeliveryGrain(deliveryId, context, grains) is { } grain && Grain(id, context, grains) is { } webhook && await webhook.Get() is not null
            ? await grain.Get()
            : null;
        return delivery is null || delivery.WebhookId != id
            ? TypedResults.NotFound(ErrorResponses.NotFound(context, "Webhook delivery"))
            : TypedResults.Ok(delivery.ToResource());
    }

    private static async Task<Results<Ok<WebhookDeliveryResource>, NotFound<ApiError>>> Redeliver(
        string id, string deliveryId, HttpContext context, IGrainFactory grains)
    {
        var grain = DeliveryGrain(deliveryId, context, grains);
        var delivery = grain is null ? null : await grain.Get();
        var redelivered = delivery is null || delivery.WebhookId != id ? null : (await grain!.Redeliver(context.Caller().Actor)).ValueOrThrow();
        return redelivered is null
            ? TypedResults.NotFound(ErrorResponses.NotFound(context, "Webhook delivery"))
            : TypedResults.Ok(redelivered.ToResource());
    }

    private static async Task<Results<Accepted<WebhookReplayResource>, NotFound<ApiError>>> Replay(
        string id, ReplayWebhookRequest? body, HttpContext context, IGrainFactory grains, IQueryStore queries)
    {
        Validate.Body(body);
        var endpoint = Grain(id, context, grains) is { } grain && await grain.Get() is { } info ? (grain, info) : default;
        if (endpoint.grain is null)
        {
            return TypedResults.NotFound(ErrorResponses.NotFound(context, "Webhook"));
        }
        var tenant = context.Caller().Tenant.ToString();
        var events = body!.EventIds is { } ids
            ? await ReplayedById(ids, body, tenant, queries)
            : await ReplayedByTime(body, endpoint.info, tenant, queries);
        var replay = (await endpoint.grain.Replay(events, context.Caller().Actor)).ValueOrThrow();
        if (replay is null)
        {
            return TypedResults.NotFound(ErrorResponses.NotFound(context, "Webhook"));
        }
        return TypedResults.Accepted($"/v1/webhooks/{id}/deliveries", new WebhookReplayResource("webhook_replay", id, replay.Deliveries.Count,
            replay.Deliveries.Select(d => new WebhookReplayedResource(d.DeliveryId, d.EventId)).ToList()));
    }

    private static async Task<IReadOnlyList<DomainEvent>> ReplayedById(string[] ids, ReplayWebhookRequest body, string tenant, IQueryStore queries)
    {
        if (body.From is not null || body.To is not null)
        {
            throw ApiException.Validation("eventIds", "exclusive", "Give eventIds, or from and to, not both");
        }
        if (ids.Length is 0 or > MaxReplay)
        {
            throw ApiException.Validation("eventIds", "count", $"eventIds must list 1 to {MaxReplay} event ids");
        }
        var events = new List<DomainEvent>(ids.Length);
        foreach (var eventId in ids.Distinct(StringComparer.Ordinal))
        {
            var document = Ids.IsValid(IdPrefixes.Event, eventId) ? await queries.Get(QueryKinds.Event, tenant, eventId) : null;
            events.Add(document is null
                ? throw ApiException.Validation("eventIds", "not_found", $"Event {eventId} is not in this environment's event log")
                : ToEvent(InsureJson.Deserialize<EventDto>(document)));
        }
        return events;
    }

    private static async Task<IReadOnlyList<DomainEvent>> ReplayedByTime(ReplayWebhookRequest body, WebhookEndpointInfo endpoint, string tenant, IQueryStore queries)
    {
        if (body.From is not { } from || body.To is not { } to)
        {
            throw ApiException.Validation(body.From is null ? "from" : "to", "required", "Give eventIds, or both from and to");
        }
        if (to <= from)
        {
            throw ApiException.Validation("to", "after_from", "to must be later than from");
        }
        // The list's lower bound is exclusive: one tick earlier makes `from` inclusive.
        var filter = new QueryFilter(null, from == DateTimeOffset.MinValue ? from : from.AddTicks(-1), to);
        var found = new List<DomainEvent>();
        for (var page = 1; ; page++)
        {
            var listed = await queries.List(QueryKinds.Event, tenant, filter, page, PageRequest.MaxPageSize);
            found.AddRange(listed.Documents.Select(d => ToEvent(InsureJson.Deserialize<EventDto>(d))).Where(e => WebhookEventFilters.Matches(endpoint.Events, e.Type)));
            if (found.Count > MaxReplay)
            {
                throw new ApiException(StatusCodes.Status422UnprocessableEntity, ErrorCodes.BusinessRuleViolation,
                    $"More than {MaxReplay} matching events lie between from and to; replay at most {MaxReplay} at a time by narrowing the range",
                    new Dictionary<string, string> { ["field"] = "from", ["rule"] = "max_events", ["max"] = MaxReplay.ToString(System.Globalization.CultureInfo.InvariantCulture) });
            }
            if (listed.Documents.Count < PageRequest.MaxPageSize)
            {
                break;
            }
            if ((long)page * PageRequest.MaxPageSize >= queries.CountLimit)
            {
                // Deeper than a list reads: rather than replay part of the range as if it were all, refuse it.
                throw new ApiException(StatusCodes.Status422UnprocessableEntity, ErrorCodes.BusinessRuleViolation,
                    $"More than {queries.CountLimit} events lie between from and to; narrow the range",
                    new Dictionary<string, string> { ["field"] = "from", ["rule"] = "max_events" });
            }
        }
        found.Reverse();
        return found;
    }

    private static DomainEvent ToEvent(EventDto e) => new(e.Id, e.Type, e.OrgId, e.Environment, e.Timestamp, e.Data.GetRawText());

    private static IWebhookEndpointGrain? Grain(string id, HttpContext context, IGrainFactory grains) =>
        context.TenantGrains(grains).Find<IWebhookEndpointGrain>(IdPrefixes.Webhook, id);

    private static IWebhookDeliveryGrain? DeliveryGrain(string id, HttpContext context, IGrainFactory grains) =>
        context.TenantGrains(grains).Find<IWebhookDeliveryGrain>(IdPrefixes.WebhookDelivery, id);
}
