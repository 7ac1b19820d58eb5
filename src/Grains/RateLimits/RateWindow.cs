namespace Insure.Grains.RateLimits;

/// <summary>
/// One fixed window's counter: when it opened and how many requests it counted. The default opened at
/// <see cref="DateTimeOffset.MinValue"/>, so it is closed at any real time and the first request opens a fresh one.
/// </summary>
internal readonly record struct RateWindow(DateTimeOffset Start, int Count);
