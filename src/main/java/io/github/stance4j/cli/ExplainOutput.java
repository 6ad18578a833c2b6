package io.github.stance4j.cli;

import io.github.stance4j.StanceExplanation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** How {@code classify --explain} prints an explanation: marked text, or JSON. */
final class ExplainOutput {

  /** Words marked per statement: the ones with the largest positive contribution to the label. */
  static final int MARKED = 3;

  private static final String ANSI_ON = "\u001b[1;33m";
  private static final String ANSI_OFF = "\u001b[0m";

  private ExplainOutput() {}

  /**
   * Whether to mark words with ANSI colour: only when the JVM has a console (stdin and stdout are
   * a terminal) and {@code NO_COLOR} is not set.
   */
  static boolean colour() {
    String noColour = System.getenv("NO_COLOR");
    return System.console() != null && (noColour == null || noColour.isEmpty());
  }

  /**
   * The statement with its {@value #MARKED} most influential words marked, as bold yellow ANSI
   * text or in brackets, for example {@code Moscow [warned] it would [respond]}.
   */
  static String marked(StanceExplanation e, boolean ansi) {
    List<Integer> top = e.topWords(MARKED);
    StringBuilder sb = new StringBuilder();
    String s = e.statement();
    int at = 0;
    for (int i = 0; i < e.words().size(); i++) {
      StanceExplanation.Word w = e.words().get(i);
      sb.append(s, at, w.start());
      if (top.contains(i)) {
        sb.append(ansi ? ANSI_ON : "[").append(w.text()).append(ansi ? ANSI_OFF : "]");
      } else {
        sb.append(w.text());
      }
      at = w.end();
    }
    return sb.append(s.substring(at)).toString();
  }

  /** The JSON fields an explanation adds: each word with offsets and contributions, and the top words. */
  static Map<String, Object> json(StanceExplanation e) {
    List<Map<String, Object>> words = new ArrayList<>();
    for (StanceExplanation.Word w : e.words()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("word", w.text());
      m.put("start", w.start());
      m.put("end", w.end());
      Map<String, Object> c = new LinkedHashMap<>();
      w.contributions().forEach((k, v) -> c.put(k.name(), Math.round(v * 10000) / 10000.0));
      m.put("contributions", c);
      words.add(m);
    }
    List<String> top = new ArrayList<>();
    for (int i : e.topWords(MARKED)) {
      top.add(e.words().get(i).text());
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("top_words", top);
    out.put("words", words);
    return out;
  }

  /** One plain-text line: label, confidence, marked statement. */
  static String line(StanceExplanation e, boolean ansi) {
    return String.format(Locale.ROOT, "%s\t%.3f\t%s", e.prediction().label(), e.prediction().confidence(), marked(e, ansi));
  }
}
