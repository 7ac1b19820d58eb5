namespace Insure.Grains;

/// <summary>The kinds of <see cref="DealRoomSignal"/>, named as the SignalR client methods that receive them.</summary>
public static class DealRoomSignals
{
    public const string Message = "message";
    public const string Typing = "typing";
    public const string Joined = "participantJoined";
    public const string Left = "participantLeft";

    /// <summary>A participant was removed from the room: every node closes that participant's connections to it.</summary>
    public const string Removed = "participantRemoved";
}
