using System.Globalization;
using Insure.Grains.Products;

namespace Insure.Grains.Tests.Products;

public sealed class MoneyTests
{
    [Theory]
    [InlineData("5594.4", "5594.40")]
    [InlineData("1.005", "1.01")]
    [InlineData("-1.005", "-1.01")]
    [InlineData("2", "2.00")]
    [InlineData("0.12345", "0.12")]
    public void Round_GivesCentsWithTwoDecimals(string amount, string expected)
    {
        var rounded = Money.Round(decimal.Parse(amount, CultureInfo.InvariantCulture));
        Assert.Equal(expected, rounded.ToString(CultureInfo.InvariantCulture));
    }
}
