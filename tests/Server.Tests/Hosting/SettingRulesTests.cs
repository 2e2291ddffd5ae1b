using Microsoft.Extensions.Options;
using OneThing.Server.Tests.TestSupport;

namespace OneThing.Server.Tests.Hosting;

/// <summary>A wrong setting stops the start with a message naming it and saying what it must be.</summary>
public sealed class SettingRulesTests
{
    [Theory]
    [InlineData("OneThing:Cases:MaxMaterialBytes", "0", "OneThing:Cases:MaxMaterialBytes 应不小于 1")]
    [InlineData("OneThing:Cases:District", "xuhui", "OneThing:Cases:District 应为行政区划代码（数字）")]
    [InlineData("OneThing:RateLimits:UrgesPerUser:Period", "00:00:00", "OneThing:RateLimits:UrgesPerUser:Period 应大于 0")]
    [InlineData("OneThing:Web:ForwardLimit", "0", "OneThing:Web:ForwardLimit 应不小于 1")]
    [InlineData("OneThing:Web:KnownProxies:0", "proxy.local", "OneThing:Web:KnownProxies 应为 IP 地址的列表")]
    [InlineData("OneThing:Accounts:SessionRenewInterval", "1.00:00:00",
        "OneThing:Accounts:SessionRenewInterval 应大于 0 且小于 SessionIdleTimeout")]
    [InlineData("OneThing:Outbox:BatchSize", "0", "OneThing:Outbox:BatchSize 应不小于 1")]
    public void Start_WrongSetting_FailsNamingIt(string setting, string value, string message)
    {
        using var factory = new OneThingFactory(settings: new Dictionary<string, string> { [setting] = value });

        var error = Assert.Throws<OptionsValidationException>(() => factory.CreateClient());

        Assert.Contains(message, error.Failures);
    }
}
