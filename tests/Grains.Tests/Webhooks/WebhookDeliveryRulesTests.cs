using Insure.Grains.Webhooks;

namespace Insure.Grains.Tests.Webhooks;

public sealed class WebhookDeliveryRulesTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan[] Retries = [TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5)];

    private static WebhookAttempt Answer(int? status) => new(At, status, 10, null, status is null ? "timed out" : null, "event");

    [Fact]
    public void A2xx_Delivers_AndStopsTheSchedule()
    {
        var state = new WebhookDeliveryState { RetriesUsed = 1, NextAttemptAt = At };
        foreach (var status in new[] { 200, 202, 204, 299 })
        {
            var step = WebhookDeliveryRules.Attempted(state, Answer(status), Retries, manual: false);
            Assert.Equal((WebhookDeliveryStatuses.Delivered, (DateTimeOffset?)null), (step.Status, step.NextAttemptAt));
        }
    }

    [Fact]
    public void Failures_TakeEachDelayInTurn_ThenFail()
    {
        var state = new WebhookDeliveryState();
        foreach (var (status, expected) in new (int?, TimeSpan)[] { (500, TimeSpan.FromMinutes(1)), (null, TimeSpan.FromMinutes(5)) })
        {
            var step = WebhookDeliveryRules.Attempted(state, Answer(status), Retries, manual: false);
            Assert.Equal(WebhookDeliveryStatuses.Pending, step.Status);
            Assert.Equal(At + expected, step.NextAttemptAt);
            state.RetriesUsed = step.RetriesUsed;
        }
        var last = WebhookDeliveryRules.Attempted(state, Answer(302), Retries, manual: false);
        Assert.Equal((WebhookDeliveryStatuses.Failed, (DateTimeOffset?)null), (last.Status, last.NextAttemptAt));
    }

    [Fact]
    public void AFailedManualRedelivery_LeavesStatusAndScheduleAlone_ButMarksAnUndeliveredOneFailed()
    {
        var delivered = new WebhookDeliveryState { Status = WebhookDeliveryStatuses.Delivered };
        Assert.Equal(WebhookDeliveryStatuses.Delivered, WebhookDeliveryRules.Attempted(delivered, Answer(500), Retries, manual: true).Status);
        var pending = new WebhookDeliveryState { Status = WebhookDeliveryStatuses.Pending, NextAttemptAt = At.AddMinutes(3), RetriesUsed = 1 };
        var step = WebhookDeliveryRules.Attempted(pending, Answer(500), Retries, manual: true);
        Assert.Equal((WebhookDeliveryStatuses.Pending, At.AddMinutes(3), 1), (step.Status, step.NextAttemptAt, step.RetriesUsed));
        var cancelled = new WebhookDeliveryState { Status = WebhookDeliveryStatuses.Cancelled };
        Assert.Equal(WebhookDeliveryStatuses.Failed, WebhookDeliveryRules.Attempted(cancelled, Answer(500), Retries, manual: true).Status);
    }

    [Fact]
    public void AFailedManualRedelivery_BeforeTheFirstScheduledAttempt_StartsTheSchedule_SoItIsNeverStuck()
    {
        var unscheduled = new WebhookDeliveryState { Status = WebhookDeliveryStatuses.Pending };
        var step = WebhookDeliveryRules.Attempted(unscheduled, Answer(500), Retries, manual: true);
        Assert.Equal((WebhookDeliveryStatuses.Pending, At.AddMinutes(1), 1), (step.Status, step.NextAttemptAt, step.RetriesUsed));
    }

    [Fact]
    public void ADelivery_IsDue_WhenNeverTried_OrItsRetryTimeHasCome()
    {
        Assert.True(WebhookDeliveryRules.Due(new WebhookDeliveryState(), At));
        var waiting = new WebhookDeliveryState { AttemptCount = 1, NextAttemptAt = At.AddMinutes(1) };
        Assert.False(WebhookDeliveryRules.Due(waiting, At));
        Assert.True(WebhookDeliveryRules.Due(waiting, At.AddMinutes(1)));
        Assert.False(WebhookDeliveryRules.Due(new WebhookDeliveryState { AttemptCount = 1, Status = WebhookDeliveryStatuses.Delivered }, At));
    }

    [Fact]
    public void TheLogKeepsTheNewestAttempts()
    {
        var attempts = new List<WebhookAttempt>();
        for (var i = 0; i < WebhookDeliveryRules.KeptAttempts + 5; i++)
        {
            attempts = WebhookDeliveryRules.Keep(attempts, Answer(500) with { LatencyMs = i });
        }
        Assert.Equal(WebhookDeliveryRules.KeptAttempts, attempts.Count);
        Assert.Equal(WebhookDeliveryRules.KeptAttempts + 4, attempts[^1].LatencyMs);
        Assert.Equal(5, attempts[0].LatencyMs);
    }
}
