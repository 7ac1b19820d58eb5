namespace Insure.Grains;

/// <summary>Who wrote a deal-room message: a participant, or the platform (authored by <see cref="SystemAuthor"/>).</summary>
public static class DealRoomMessageKinds
{
    public const string Participant = "participant";
    public const string System = "system";

    /// <summary>The author id of system messages; no participant may take it.</summary>
    public const string SystemAuthor = "system";
}
