using Planck.Domain.Identity;

namespace Planck.Domain.UnitTests.Identity;

public sealed class ApiKeyTokenTests
{
    private const string UrlSafeCharacters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    [Fact]
    public void Generated_keys_start_with_the_live_scheme()
    {
        var key = ApiKeyToken.Generate();

        key.ShouldStartWith("pk_live_", Case.Sensitive);
    }

    [Fact]
    public void Generated_keys_are_57_characters_long()
    {
        var key = ApiKeyToken.Generate();

        key.Length.ShouldBe(57);
        ApiKeyToken.Length.ShouldBe(57);
    }

    [Fact]
    public void Generated_keys_contain_only_url_safe_characters()
    {
        for (var i = 0; i < 200; i++)
        {
            var key = ApiKeyToken.Generate();

            var unsafeCharacters = key.Where(c => !UrlSafeCharacters.Contains(c, StringComparison.Ordinal)).ToArray();
            unsafeCharacters.ShouldBeEmpty($"key {key} has characters that are not URL-safe");
        }
    }

    [Fact]
    public void Generated_keys_are_well_formed()
    {
        for (var i = 0; i < 200; i++)
        {
            var key = ApiKeyToken.Generate();

            ApiKeyToken.IsWellFormed(key).ShouldBeTrue($"generated key {key} is not well formed");
        }
    }

    [Fact]
    public void A_thousand_generated_keys_are_all_distinct()
    {
        var keys = Enumerable.Range(0, 1000).Select(_ => ApiKeyToken.Generate()).ToList();

        keys.Distinct(StringComparer.Ordinal).Count().ShouldBe(1000);
    }

    [Fact]
    public void The_display_prefix_is_the_scheme_and_the_first_eight_secret_characters()
    {
        var key = ApiKeyToken.Generate();

        var prefix = ApiKeyToken.DisplayPrefix(key);

        prefix.Length.ShouldBe(16);
        ApiKeyToken.DisplayPrefixLength.ShouldBe(16);
        prefix.ShouldBe(key[..16]);
        prefix.ShouldStartWith("pk_live_", Case.Sensitive);
    }

    [Theory]
    [InlineData("pk_test_")]
    [InlineData("PK_LIVE_")]
    [InlineData("sk_live_")]
    [InlineData("pk-live_")]
    public void A_key_with_another_scheme_is_not_well_formed(string scheme)
    {
        var key = ApiKeyToken.Generate();
        var tampered = scheme + key[8..];

        tampered.Length.ShouldBe(key.Length);
        ApiKeyToken.IsWellFormed(tampered).ShouldBeFalse();
    }

    [Fact]
    public void A_key_without_a_scheme_is_not_well_formed()
    {
        var key = ApiKeyToken.Generate();

        ApiKeyToken.IsWellFormed(key.AsSpan(8)).ShouldBeFalse();
        ApiKeyToken.IsWellFormed("xxxxxxxx" + key[8..]).ShouldBeFalse();
    }

    [Fact]
    public void A_key_one_character_too_long_or_too_short_is_not_well_formed()
    {
        var key = ApiKeyToken.Generate();

        ApiKeyToken.IsWellFormed(key + "A").ShouldBeFalse();
        ApiKeyToken.IsWellFormed("A" + key).ShouldBeFalse();
        ApiKeyToken.IsWellFormed(key.AsSpan(..^1)).ShouldBeFalse();
        ApiKeyToken.IsWellFormed(key.Insert(20, "A")).ShouldBeFalse();
        ApiKeyToken.IsWellFormed(key.Remove(20, 1)).ShouldBeFalse();
    }

    [Theory]
    [InlineData("")]
    [InlineData("pk_live_")]
    [InlineData(" ")]
    [InlineData("not a key at all")]
    public void Garbage_is_not_well_formed(string garbage)
    {
        ApiKeyToken.IsWellFormed(garbage).ShouldBeFalse();
    }

    [Theory]
    [InlineData('+')]
    [InlineData('/')]
    [InlineData('=')]
    [InlineData(' ')]
    [InlineData('.')]
    [InlineData('%')]
    [InlineData('é')]
    [InlineData('\0')]
    public void A_key_with_a_character_that_is_not_url_safe_is_not_well_formed(char unsafeCharacter)
    {
        var key = ApiKeyToken.Generate();

        foreach (var position in new[] { 8, 30, 50, 56 })
        {
            var tampered = Replace(key, position, unsafeCharacter);

            ApiKeyToken.IsWellFormed(tampered).ShouldBeFalse($"'{unsafeCharacter}' at position {position} was accepted");
        }
    }

    [Fact]
    public void Changing_any_single_character_of_the_secret_or_checksum_makes_the_key_malformed()
    {
        var key = ApiKeyToken.Generate();
        var accepted = new List<string>();

        for (var position = ApiKeyToken.Scheme.Length; position < key.Length; position++)
        {
            foreach (var replacement in UrlSafeCharacters)
            {
                if (replacement == key[position])
                {
                    continue;
                }

                if (ApiKeyToken.IsWellFormed(Replace(key, position, replacement)))
                {
                    accepted.Add($"'{replacement}' at position {position}");
                }
            }
        }

        accepted.ShouldBeEmpty($"single-character changes of {key} that were still accepted");
    }

    [Fact]
    public void Changing_any_single_character_of_the_scheme_makes_the_key_malformed()
    {
        var key = ApiKeyToken.Generate();

        for (var position = 0; position < ApiKeyToken.Scheme.Length; position++)
        {
            var replacement = key[position] == 'x' ? 'y' : 'x';

            ApiKeyToken.IsWellFormed(Replace(key, position, replacement)).ShouldBeFalse($"a change at position {position} was accepted");
        }
    }

    [Fact]
    public void Swapping_two_different_adjacent_secret_characters_makes_the_key_malformed()
    {
        var key = ApiKeyToken.Generate();
        var accepted = new List<int>();

        for (var position = ApiKeyToken.Scheme.Length; position < key.Length - 7; position++)
        {
            if (key[position] == key[position + 1])
            {
                continue;
            }

            var chars = key.ToCharArray();
            (chars[position], chars[position + 1]) = (chars[position + 1], chars[position]);
            if (ApiKeyToken.IsWellFormed(new string(chars)))
            {
                accepted.Add(position);
            }
        }

        accepted.ShouldBeEmpty();
    }

    private static string Replace(string key, int position, char replacement)
    {
        var chars = key.ToCharArray();
        chars[position] = replacement;
        return new string(chars);
    }
}
