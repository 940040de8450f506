package io.backtracedb.series;

import java.util.Arrays;

/**
 * A compiled SQL LIKE pattern: {@code %} matches any run of characters (also none), {@code _}
 * exactly one character (a Unicode code point), an optional escape character makes the next {@code
 * %}, {@code _} or escape literal; everything else matches itself, case-sensitively.
 *
 * <p>Immutable and thread-safe.
 */
public final class LikePattern {
  private static final int ANY_ONE = -1;
  private static final int ANY_RUN = -2;

  private final String text;
  private final int[] tokens; // code points, or ANY_ONE / ANY_RUN
  private final String literalPrefix;
  private final boolean literal;

  private LikePattern(String text, int[] tokens, String literalPrefix, boolean literal) {
    this.text = text;
    this.tokens = tokens;
    this.literalPrefix = literalPrefix;
    this.literal = literal;
  }

  /** Compiles {@code pattern} without an escape character. */
  public static LikePattern compile(String pattern) {
    return compile(pattern, null);
  }

  /**
   * Compiles {@code pattern} with {@code escape} (null for none).
   *
   * @throws IllegalArgumentException when the escape character ends the pattern or precedes a
   *     character other than {@code %}, {@code _} or itself
   */
  public static LikePattern compile(String pattern, Character escape) {
    int[] points = pattern.codePoints().toArray();
    int[] tokens = new int[points.length];
    int count = 0;
    StringBuilder prefix = new StringBuilder();
    boolean inPrefix = true;
    for (int i = 0; i < points.length; i++) {
      int c = points[i];
      int token;
      if (escape != null && c == escape) {
        if (i + 1 == points.length
            || (points[i + 1] != '%' && points[i + 1] != '_' && points[i + 1] != escape)) {
          throw new IllegalArgumentException(
              "cannot compile LIKE pattern '"
                  + pattern
                  + "': escape '"
                  + escape
                  + "' at position "
                  + i
                  + " must precede %, _ or itself");
        }
        token = points[++i];
      } else if (c == '%') {
        token = ANY_RUN;
      } else if (c == '_') {
        token = ANY_ONE;
      } else {
        token = c;
      }
      if (token < 0) {
        inPrefix = false;
      } else if (inPrefix) {
        prefix.appendCodePoint(token);
      }
      tokens[count++] = token;
    }
    return new LikePattern(pattern, Arrays.copyOf(tokens, count), prefix.toString(), inPrefix);
  }

  /** The characters every match starts with (up to the first wildcard). */
  public String literalPrefix() {
    return literalPrefix;
  }

  /** Whether the pattern has no wildcard, so it matches exactly {@link #literalPrefix()}. */
  public boolean isLiteral() {
    return literal;
  }

  /** Whether {@code value} matches the whole pattern. */
  public boolean matches(String value) {
    int[] points = value.codePoints().toArray();
    // Greedy with one backtrack point: the last % seen, and where its run would end next.
    int p = 0;
    int v = 0;
    int starToken = -1;
    int starValue = 0;
    while (v < points.length) {
      if (p < tokens.length && (tokens[p] == ANY_ONE || tokens[p] == points[v])) {
        p++;
        v++;
      } else if (p < tokens.length && tokens[p] == ANY_RUN) {
        starToken = p++;
        starValue = v;
      } else if (starToken >= 0) {
        p = starToken + 1;
        v = ++starValue;
      } else {
        return false;
      }
    }
    while (p < tokens.length && tokens[p] == ANY_RUN) {
      p++;
    }
    return p == tokens.length;
  }

  @Override
  public String toString() {
    return text;
  }
}
