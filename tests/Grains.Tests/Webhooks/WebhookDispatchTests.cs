using Insure.Grains.Webhooks;

namespace Insure.Grains.Tests.Webhooks;

/// <summary>How far a dispatcher's cursor may move while deliveries are still answering.</summary>
public sealed class WebhookDispatchTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private static DomainEvent Event(string id) => new(id, "policy.bound", "org_1", "sandbox", Now, "{}");

    [Fact]
    public void TheCursor_StopsJustBelowTheFirstListedEventStillInFlight()
    {
        var dispatch = new WebhookDispatch();
        var slow = new TaskCompletionSource();
        dispatch.Add(Event("evt_a"), 3, ["whk_1"], Task.CompletedTask, Now);
        dispatch.Add(Event("evt_b"), 7, ["whk_1"], slow.Task, Now);
        dispatch.Add(Event("evt_c"), 9, ["whk_1"], Task.CompletedTask, Now);
        Assert.Equal(6, dispatch.DoneThrough(9));
        Assert.Equal(1, dispatch.Open);

        slow.SetResult();
        Assert.Equal(9, dispatch.DoneThrough(9));
        dispatch.DropThrough(9);
        Assert.Equal(0, dispatch.Count);
    }

    [Fact]
    public void AStreamEvent_TakesItsPositionWhenTheLogListsIt()
    {
        var dispatch = new WebhookDispatch();
        var slow = new TaskCompletionSource();
        dispatch.Add(Event("evt_a"), null, ["whk_1"], slow.Task, Now);
        Assert.Equal(5, dispatch.DoneThrough(5));
        Assert.Equal(["whk_1"], dispatch.Listed("evt_a", 4)!);
        Assert.Null(dispatch.Listed("evt_unknown", 5));
        Assert.Equal(3, dispatch.DoneThrough(5));
    }

    [Fact]
    public void FailedWork_IsReportedToStartAgain_AndKeepsItsPosition()
    {
        var dispatch = new WebhookDispatch();
        dispatch.Add(Event("evt_a"), 2, ["whk_1"], Task.FromException(new InvalidOperationException("storage down")), Now);
        var failed = Assert.Single(dispatch.Failed());
        Assert.Equal(("evt_a", (long?)2), (failed.Event.Id, failed.Position));
        Assert.Equal(1, dispatch.DoneThrough(5));
        dispatch.Add(failed.Event, null, ["whk_1"], Task.CompletedTask, Now, replace: true);
        Assert.Equal(5, dispatch.DoneThrough(5));
    }

    [Fact]
    public void FinishedStreamEventsTheLogNeverLists_AreForgottenInTime()
    {
        var dispatch = new WebhookDispatch();
        dispatch.Add(Event("evt_old"), null, ["whk_1"], Task.CompletedTask, Now);
        dispatch.Add(Event("evt_new"), null, ["whk_1"], Task.CompletedTask, Now.AddMinutes(3));
        dispatch.ForgetUnlisted(Now.AddMinutes(2));
        Assert.False(dispatch.Knows("evt_old"));
        Assert.True(dispatch.Knows("evt_new"));
        dispatch.ForgetFinished();
        Assert.Equal(0, dispatch.Count);
    }

    [Fact]
    public void DeliveriesStartedLater_ForSubscriptionsTheStreamMissed_AddToTheEventsWork()
    {
        var dispatch = new WebhookDispatch();
        var slow = new TaskCompletionSource();
        dispatch.Add(Event("evt_a"), null, ["whk_1"], Task.CompletedTask, Now);
        dispatch.Add(Event("evt_a"), 3, ["whk_2"], slow.Task, Now);
        Assert.Equal(["whk_1", "whk_2"], dispatch.Listed("evt_a", 3)!.Order());
        Assert.Equal(2, dispatch.DoneThrough(9));
        slow.SetResult();
        Assert.Equal(9, dispatch.DoneThrough(9));
    }
}
