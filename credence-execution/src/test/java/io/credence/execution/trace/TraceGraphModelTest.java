package io.credence.execution.trace;

import static io.credence.execution.TestChain.code;
import static io.credence.execution.trace.TraceFixture.FARM;
import static io.credence.execution.trace.TraceFixture.item;
import static io.credence.execution.trace.TraceFixture.pallet;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.execution.Outcome;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Random transformation and aggregation graphs, built through the contract and in a plain model
 * side by side: each step is accepted or refused with the code the model expects (a thing used up,
 * packed twice, packed into what it holds), and at the end backward and forward traces from every
 * thing, under random depth and node limits, reach what the model reaches and say when a limit cut
 * them.
 */
class TraceGraphModelTest {
  /** One step: a transformation of items, a pack of a unit or an item into a pallet, an unpack. */
  record Step(int kind, int a, int b, int c) {}

  @Provide
  Arbitrary<List<Step>> steps() {
    Arbitrary<Step> step =
        net.jqwik.api.Combinators.combine(
                Arbitraries.integers().between(0, 2),
                Arbitraries.integers().between(0, 40),
                Arbitraries.integers().between(0, 40),
                Arbitraries.integers().between(0, 40))
            .as(Step::new);
    return step.list().ofMinSize(1).ofMaxSize(40);
  }

  /** The model: what each thing was made from and into, its container and contents. */
  private static final class Model {
    final List<String> things = new ArrayList<>();
    final Set<String> usedUp = new HashSet<>();
    final Map<String, List<String>> madeFrom = new HashMap<>();
    final Map<String, List<String>> madeInto = new HashMap<>();
    final Map<String, String> parent = new HashMap<>();
    final Map<String, List<String>> children = new HashMap<>();

    List<String> onward(String t, boolean forward) {
      List<String> out = new ArrayList<>();
      if (forward) {
        out.addAll(madeInto.getOrDefault(t, List.of()));
        out.addAll(children.getOrDefault(t, List.of()));
        if (parent.containsKey(t)) {
          out.add(parent.get(t));
        }
      } else {
        out.addAll(madeFrom.getOrDefault(t, List.of()));
      }
      return out;
    }

    /** Distances of everything reachable from {@code start}, breadth first. */
    Map<String, Integer> reach(String start, boolean forward) {
      Map<String, Integer> distance = new LinkedHashMap<>();
      distance.put(start, 0);
      ArrayDeque<String> queue = new ArrayDeque<>(List.of(start));
      while (!queue.isEmpty()) {
        String t = queue.poll();
        for (String n : onward(t, forward)) {
          if (!distance.containsKey(n)) {
            distance.put(n, distance.get(t) + 1);
            queue.add(n);
          }
        }
      }
      distance.remove(start);
      return distance;
    }

    boolean holds(String container, String thing) {
      for (String up = container; up != null; up = parent.get(up)) {
        if (up.equals(thing)) {
          return true;
        }
      }
      return false;
    }
  }

  @Property(tries = 60)
  void tracesAgreeWithTheModel(
      @ForAll("steps") List<Step> steps,
      @ForAll @IntRange(min = 1, max = 5) int depthMax,
      @ForAll @IntRange(min = 1, max = 12) int nodesMax,
      @ForAll @Size(min = 3, max = 3) List<@IntRange(min = 0, max = 40) Integer> picks) {
    TraceFixture f = new TraceFixture();
    var c = f.c;
    Model m = new Model();
    int serial = 0;
    for (int i = 0; i < 4; i++) {
      String t = item("1", "s" + serial++);
      TraceFixture.ok(f.commission(FARM, t).by(c.supplierAdmin));
      m.things.add(t);
    }
    for (Step s : steps) {
      String a = m.things.get(s.a() % m.things.size());
      String b = m.things.get(s.b() % m.things.size());
      switch (s.kind()) {
        case 0 -> {
          // Transform a (and b) into one or two new items.
          List<String> inputs = a.equals(b) ? List.of(a) : List.of(a, b);
          List<String> outputs = new ArrayList<>();
          for (int k = 0; k <= s.c() % 2; k++) {
            outputs.add(item("2", "s" + serial++));
          }
          Outcome o =
              f.new Event("TRANSFORMATION", "NONE")
                  .set("bizLocation", FARM)
                  .set("epcList", inputs)
                  .set("outputEpcList", outputs)
                  .by(c.supplierAdmin);
          // The contract checks input by input: used up, then packed.
          String expected = "SUCCESS";
          for (String in : inputs) {
            if (m.usedUp.contains(in)) {
              expected = "WRONG_STATE";
              break;
            }
            if (m.parent.containsKey(in)) {
              expected = "ALREADY_PACKED";
              break;
            }
          }
          assertEquals(expected, code(o), () -> s + " " + o);
          if (expected.equals("SUCCESS")) {
            for (String in : inputs) {
              m.usedUp.add(in);
              m.madeInto.computeIfAbsent(in, x -> new ArrayList<>()).addAll(outputs);
            }
            for (String out : outputs) {
              m.madeFrom.put(out, inputs);
              m.things.add(out);
            }
          }
        }
        case 1 -> {
          // Pack b into a pallet: a new one, or one made before.
          String p = pallet(s.c() % 6);
          boolean exists = m.things.contains(p);
          Outcome o = f.pack(FARM, p, b).by(c.supplierAdmin);
          String expected;
          if ((exists && m.usedUp.contains(p)) || m.usedUp.contains(b)) {
            expected = "WRONG_STATE";
          } else if (m.parent.containsKey(b)) {
            expected = "ALREADY_PACKED";
          } else if (m.holds(p, b)) {
            expected = "CYCLE";
          } else {
            expected = "SUCCESS";
          }
          assertEquals(expected, code(o), () -> s + " " + o);
          if (expected.equals("SUCCESS")) {
            if (!exists) {
              m.things.add(p);
            }
            m.parent.put(b, p);
            m.children.computeIfAbsent(p, x -> new ArrayList<>()).add(b);
          }
        }
        default -> {
          // Unpack a from its pallet, if it is in one.
          String p = m.parent.get(a);
          if (p != null && !m.usedUp.contains(p)) {
            TraceFixture.ok(f.unpack(p, a).by(c.supplierAdmin));
            m.parent.remove(a);
            m.children.get(p).remove(a);
          }
        }
      }
    }
    for (int pick : picks) {
      String start = m.things.get(pick % m.things.size());
      for (boolean forward : new boolean[] {false, true}) {
        Map<String, Object> answer =
            f.query(
                forward ? "forward" : "backward",
                "epc",
                start,
                "depthMax",
                (long) depthMax,
                "nodesMax",
                (long) nodesMax);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> reached = (List<Map<String, Object>>) answer.get("reached");
        Map<String, Integer> model = m.reach(start, forward);
        Set<String> within = new HashSet<>();
        model.forEach(
            (t, d) -> {
              if (d <= depthMax) {
                within.add(t);
              }
            });
        Set<String> got = new HashSet<>();
        reached.forEach(r -> got.add((String) r.get("epc")));
        String where = (forward ? "forward" : "backward") + " from " + start + ": " + answer;
        if (within.size() > nodesMax) {
          assertEquals(nodesMax, got.size(), where);
          assertTrue(within.containsAll(got), where);
          assertEquals(true, answer.get("cut"), where);
        } else {
          assertEquals(within, got, where);
          boolean deeper = model.values().stream().anyMatch(d -> d > depthMax);
          assertEquals(deeper, answer.get("cut"), where);
        }
      }
    }
  }
}
