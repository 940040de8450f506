package io.backtracedb.series;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backtracedb.testing.SeedExtension;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@ExtendWith(SeedExtension.class)
class LikePatternTest {

  @ParameterizedTest(name = "''{1}'' LIKE ''{0}'' is {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "web%|web-01|true",
        "web%|web|true",
        "web%|we|false",
        "%01|web-01|true",
        "%-%|web-01|true",
        "%-%|web01|false",
        "w_b-__|web-01|true",
        "w_b-__|web-1|false",
        "%|''|true",
        "_|''|false",
        "''|''|true",
        "a%b%c|abbbcbc|true",
        "a%b%c|abbbcbd|false",
        "%%%a|xa|true",
        "Web%|web-01|false",
        "_|é|true",
        "_|\uD83D\uDE00|true",
        "__|\uD83D\uDE00|false",
      })
  void matchesAsSqlDoes(String pattern, String value, boolean expected) {
    assertEquals(expected, LikePattern.compile(pattern).matches(value));
  }

  @Test
  void anEscapeMakesWildcardsLiteral() {
    LikePattern pattern = LikePattern.compile("100!%_!_!!", '!');
    assertTrue(pattern.matches("100%x_!"));
    assertFalse(pattern.matches("1000x_!"));
    assertFalse(pattern.matches("100%x_"));
    assertEquals("100%", pattern.literalPrefix());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> LikePattern.compile("ab!", '!'));
    assertEquals(
        "cannot compile LIKE pattern 'ab!': escape '!' at position 2 must precede %, _ or itself",
        e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> LikePattern.compile("!a", '!'));
  }

  @Test
  void theLiteralPrefixEndsAtTheFirstWildcard() {
    assertEquals("web-", LikePattern.compile("web-%1").literalPrefix());
    assertEquals("", LikePattern.compile("_eb").literalPrefix());
    assertTrue(LikePattern.compile("web").isLiteral());
    assertFalse(LikePattern.compile("web%").isLiteral());
  }

  @Test
  void randomPatternsMatchLikeARegularExpression(Random random) {
    String alphabet = "ab%_";
    for (int round = 0; round < 3000; round++) {
      String pattern = randomString(random, alphabet, 6);
      String value = randomString(random, "ab", 8);
      assertEquals(
          regex(pattern).matcher(value).matches(),
          LikePattern.compile(pattern).matches(value),
          "'" + value + "' LIKE '" + pattern + "'");
    }
  }

  static String randomString(Random random, String alphabet, int maxLength) {
    StringBuilder text = new StringBuilder();
    int length = random.nextInt(maxLength + 1);
    for (int i = 0; i < length; i++) {
      text.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return text.toString();
  }

  /** An independent oracle: the LIKE pattern (no escape) as a regular expression. */
  static Pattern regex(String like) {
    StringBuilder regex = new StringBuilder();
    like.codePoints()
        .forEach(
            c -> {
              if (c == '%') {
                regex.append(".*");
              } else if (c == '_') {
                regex.append('.');
              } else {
                regex.append(Pattern.quote(new String(Character.toChars(c))));
              }
            });
    return Pattern.compile(regex.toString(), Pattern.DOTALL);
  }
}
