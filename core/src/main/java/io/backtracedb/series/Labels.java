package io.backtracedb.series;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * The tag values that name a series: pairs of tag name and value, sorted by name, each name once.
 * Immutable; equal label sets are equal objects, so they key the series dictionary.
 */
public final class Labels {
  private final String[] names;
  private final String[] values;
  private final int hash;

  private Labels(String[] names, String[] values) {
    this.names = names;
    this.values = values;
    this.hash = 31 * Arrays.hashCode(names) + Arrays.hashCode(values);
  }

  /**
   * Labels from alternating names and values: {@code of("host", "a", "region", "eu")}.
   *
   * @throws IllegalArgumentException on an odd count, an empty or repeated name, or a null
   */
  public static Labels of(String... namesAndValues) {
    if (namesAndValues.length % 2 != 0) {
      throw new IllegalArgumentException(
          "cannot make labels: " + namesAndValues.length + " strings do not pair names and values");
    }
    Map<String, String> map = new TreeMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      String name = namesAndValues[i];
      if (map.put(requireName(name), requireValue(name, namesAndValues[i + 1])) != null) {
        throw new IllegalArgumentException("cannot make labels: tag '" + name + "' is repeated");
      }
    }
    return sorted(map);
  }

  /** Labels from a map of tag names to values. */
  public static Labels of(Map<String, String> tags) {
    Map<String, String> map = new TreeMap<>();
    for (Map.Entry<String, String> tag : tags.entrySet()) {
      map.put(requireName(tag.getKey()), requireValue(tag.getKey(), tag.getValue()));
    }
    return sorted(map);
  }

  private static Labels sorted(Map<String, String> map) {
    return new Labels(map.keySet().toArray(new String[0]), map.values().toArray(new String[0]));
  }

  private static String requireName(String name) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("cannot make labels: a tag name is empty");
    }
    return name;
  }

  private static String requireValue(String name, String value) {
    if (value == null) {
      throw new IllegalArgumentException("cannot make labels: tag '" + name + "' has no value");
    }
    return value;
  }

  /** The number of tags. */
  public int size() {
    return names.length;
  }

  /** The name of tag {@code i}, in name order. */
  public String name(int i) {
    return names[i];
  }

  /** The value of tag {@code i}, in name order. */
  public String value(int i) {
    return values[i];
  }

  /** The value of tag {@code name}, or null when the series does not have it. */
  public String get(String name) {
    int i = Arrays.binarySearch(names, name);
    return i >= 0 ? values[i] : null;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Labels labels
        && hash == labels.hash
        && Arrays.equals(names, labels.names)
        && Arrays.equals(values, labels.values);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  /** The labels as {@code {host="a", region="eu"}}. */
  @Override
  public String toString() {
    StringBuilder text = new StringBuilder("{");
    for (int i = 0; i < names.length; i++) {
      if (i > 0) {
        text.append(", ");
      }
      text.append(names[i]).append("=\"").append(values[i].replace("\"", "\\\"")).append('"');
    }
    return text.append('}').toString();
  }
}
