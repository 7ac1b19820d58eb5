using Insure.Grains.Hosting;
using Npgsql;

namespace Insure.Grains.Tests.Common;

public sealed class ConnectionStringTuningTests
{
    [Fact]
    public void AnOperatorsString_GetsNoResetAndAutoPrepare_KeepingEverythingElse()
    {
        var tuned = new NpgsqlConnectionStringBuilder(InsureHosting.Tuned("Host=db;Port=5433;Database=insure;Username=app;Maximum Pool Size=20"));
        Assert.True(tuned.NoResetOnClose);
        Assert.Equal(32, tuned.MaxAutoPrepare);
        Assert.Equal(("db", 5433, "insure", "app", 20), (tuned.Host, tuned.Port, tuned.Database, tuned.Username, tuned.MaxPoolSize));
    }

    [Theory]
    [InlineData("Host=db;Max Auto Prepare=0", 0, true)]
    [InlineData("Host=db;MaxAutoPrepare=5", 5, true)]
    [InlineData("Host=db;No Reset On Close=false", 32, false)]
    [InlineData("Host=db;No Reset On Close=false;Max Auto Prepare=0", 0, false)]
    [InlineData("Host=db;Auto Prepare Min Usages=3", 32, true)]
    [InlineData("Host=db;Password=ResetAutoPrepare", 32, true)]
    public void WhatTheOperatorSets_IsKept(string connectionString, int autoPrepare, bool noReset)
    {
        var tuned = new NpgsqlConnectionStringBuilder(InsureHosting.Tuned(connectionString));
        Assert.Equal(autoPrepare, tuned.MaxAutoPrepare);
        Assert.Equal(noReset, tuned.NoResetOnClose);
    }
}
