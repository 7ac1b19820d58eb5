using System.Text.Json;
using Insure.Api.Features.ApiKeys;
using Insure.Api.Features.Claims;
using Insure.Api.Features.DealRooms;
using Insure.Api.Features.Invoices;
using Insure.Api.Features.Policies;
using Insure.Api.Features.Policyholders;
using Insure.Api.Features.Producers;
using Insure.Api.Features.Referrals;
using Insure.Api.Features.Submissions;
using Insure.Api.Features.Webhooks;
using Insure.Grains;

namespace Insure.Api.Features.Events;

/// <summary>
/// An event's `data` as integrators receive it. A grain stores its snapshot (the `*Info` record) with the event; the
/// feature's own mapping renders it here, as of the event's time, so an event's data and the HTTP resource are one
/// shape by construction.
/// </summary>
public static class EventData
{
    public static JsonElement Render(string type, JsonElement data, DateTimeOffset at)
    {
        // Events logged before snapshots were rendered at read time already hold their resource (it has "object").
        if (data.ValueKind != JsonValueKind.Object || data.TryGetProperty("object", out _))
        {
            return data;
        }
        object? resource = type[..Math.Max(0, type.IndexOf('.'))] switch
        {
            "policy" => Read<PolicyInfo>(data).ToResource(),
            "submission" => Read<SubmissionInfo>(data).ToResource(at),
            "policyholder" => Read<PolicyholderInfo>(data).ToResource(),
            "api_key" => Read<ApiKeyInfo>(data).ToResource(at),
            "claim" => Read<ClaimInfo>(data).ToResource(),
            "invoice" => Read<InvoiceInfo>(data).ToResource(),
            "payment" => Read<InvoiceInfo>(data).ToPaymentEvent(type),
            "webhook" => Read<WebhookEndpointInfo>(data).ToResource(),
            "deal_room" when type == "deal_room.message_posted" => Read<DealRoomMessage>(data).ToResource(),
            "deal_room" => Read<DealRoomInfo>(data).ToResource(),
            "referral" => Read<ReferralInfo>(data).ToResource(),
            "producer" => Read<ProducerInfo>(data).ToResource(),
            "appointment" => Read<ProducerAppointment>(data).ToResource(),
            _ => null,
        };
        return resource is null ? data : JsonSerializer.SerializeToElement(resource, resource.GetType(), InsureJson.Options);
    }

    private static T Read<T>(JsonElement data) => data.Deserialize<T>(InsureJson.Options)!;
}
