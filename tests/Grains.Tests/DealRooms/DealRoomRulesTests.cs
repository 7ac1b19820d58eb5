using Insure.Grains.DealRooms;

namespace Insure.Grains.Tests.DealRooms;

/// <summary>The deal-room rules as pure functions.</summary>
public sealed class DealRoomRulesTests
{
    [Fact]
    public void Remember_KeepsTheLatestKeyedPosts_AndForgetsTheOldestBeyondTheBound()
    {
        var recent = new List<PostedRequest>();
        var at = new DateTimeOffset(2026, 12, 6, 10, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < DealRoomRules.RecentRequests + 3; i++)
        {
            DealRoomRules.Remember(recent, new PostedRequest($"key-{i}", $"msg-{i}", at.AddSeconds(i)));
        }
        Assert.Equal(DealRoomRules.RecentRequests, recent.Count);
        Assert.Equal("key-3", recent[0].RequestKey);
        Assert.Equal($"key-{DealRoomRules.RecentRequests + 2}", recent[^1].RequestKey);
    }
}
