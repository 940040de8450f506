package io.backtracedb.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Command-line options of the form {@code --name value} (repeatable ones keep every value) after
 * positional words; an unknown option is an error that lists the known ones.
 */
final class Args {
  private final List<String> positional = new ArrayList<>();
  private final Map<String, List<String>> options = new LinkedHashMap<>();

  private Args() {}

  /** Parses {@code args}, accepting only the option names in {@code known}. */
  static Args parse(String[] args, Set<String> known) {
    Args parsed = new Args();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--")) {
        parsed.positional.add(arg);
        continue;
      }
      String name = arg.substring(2);
      String value;
      int equals = name.indexOf('=');
      if (equals >= 0) {
        value = name.substring(equals + 1);
        name = name.substring(0, equals);
      } else if (i + 1 < args.length) {
        value = args[++i];
      } else {
        throw new IllegalArgumentException("option --" + name + " needs a value");
      }
      if (!known.contains(name)) {
        throw new IllegalArgumentException(
            "unknown option --" + name + "; known options: --" + String.join(", --", known));
      }
      parsed.options.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
    }
    return parsed;
  }

  /** The words that are not options, in order. */
  List<String> positional() {
    return positional;
  }

  /** The last value of {@code name}, or {@code fallback}. */
  String get(String name, String fallback) {
    List<String> values = options.get(name);
    return values == null ? fallback : values.get(values.size() - 1);
  }

  /** Every value of {@code name}, in order. */
  List<String> all(String name) {
    return options.getOrDefault(name, List.of());
  }

  /** A whole number, allowing {@code _} separators and the suffixes k and m. */
  int getInt(String name, int fallback) {
    String text = get(name, null);
    return text == null ? fallback : parseCount(name, text);
  }

  /** Parses {@code 20000}, {@code 20_000}, {@code 20k} or {@code 10m}. */
  static int parseCount(String name, String text) {
    String t = text.trim().toLowerCase(Locale.ROOT).replace("_", "");
    int factor = 1;
    if (t.endsWith("k")) {
      factor = 1_000;
      t = t.substring(0, t.length() - 1);
    } else if (t.endsWith("m")) {
      factor = 1_000_000;
      t = t.substring(0, t.length() - 1);
    }
    try {
      long value = Long.parseLong(t) * factor;
      if (value < 0 || value > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(name + " must be between 0 and 2^31-1, got " + text);
      }
      return (int) value;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          name + " must be a whole number such as 20000, 20k or 10m, got '" + text + "'", e);
    }
  }
}
