package io.credence.analysis.report;

import io.credence.analysis.economics.Decimals;
import io.credence.analysis.scenario.Analysis;
import io.credence.analysis.scenario.Parameter;
import io.credence.analysis.scenario.RatePoint;
import io.credence.analysis.scenario.Stakeholder;
import io.credence.analysis.scenario.TornadoBar;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Dimension;
import java.awt.Font;
import java.awt.Rectangle;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.apache.batik.svggen.SVGGraphics2D;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.Axis;
import org.jfree.chart.axis.AxisLocation;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StackedBarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.text.TextUtils;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.w3c.dom.Document;

/**
 * The analyser's charts, drawn by JFreeChart: economic profit against the client rate (with the cap
 * and both break-even rates marked), the tornado of economic profit over each parameter's range,
 * and each party's gain. Written as PNG (the JDK's encoder) and SVG (Batik's SVGGraphics2D, text
 * kept as text). Plotting converts the exact figures to double: a chart is a picture, never a
 * source of numbers; the tables carry the exact ones.
 */
public final class Charts {
  public static final int WIDTH = 960;
  public static final int HEIGHT = 560;

  private static final Color WITHOUT = new Color(0xB0, 0x3A, 0x2E);
  private static final Color WITH = new Color(0x1F, 0x6F, 0xB2);
  private static final Color GAIN = new Color(0x2E, 0x8B, 0x57);
  private static final Color LOSS = new Color(0xB0, 0x3A, 0x2E);
  private static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 13);

  /** One chart, with the file name it is written under (without extension). */
  public record Chart(String fileName, String title, JFreeChart chart) {}

  static {
    // JFreeChart draws rotated text (the vertical axis label) through a TextLayout by default, a
    // workaround for a JDK 1.4 bug; in SVG that turns the label into glyph outlines. Plain
    // drawString keeps it as text that can be read, searched and translated.
    TextUtils.setUseDrawRotatedStringWorkaround(false);
  }

  private Charts() {}

  /** Every chart of the analysis. */
  public static List<Chart> all(Analysis a) {
    return List.of(profitAgainstRate(a), tornado(a), stakeholders(a));
  }

  /** Economic profit per loan against the client rate, without and with the chain. */
  public static Chart profitAgainstRate(Analysis a) {
    XYSeries without = new XYSeries("Without chain");
    XYSeries with = new XYSeries("With chain");
    for (RatePoint p : a.rateCurve()) {
      double x = percent(p.clientRateAnnual());
      without.add(x, p.economicProfitWithoutChain().doubleValue());
      with.add(x, p.economicProfitWithChain().doubleValue());
    }
    XYSeriesCollection data = new XYSeriesCollection();
    data.addSeries(without);
    data.addSeries(with);
    String title = "Economic profit per loan against the client rate";
    NumberAxis x = new NumberAxis("Client rate (% a year)");
    x.setAutoRangeIncludesZero(false);
    x.setNumberFormatOverride(
        new DecimalFormat("0.0'%'", DecimalFormatSymbols.getInstance(Locale.ROOT)));
    NumberAxis y = new NumberAxis("Economic profit per loan (yuan)");
    y.setNumberFormatOverride(
        new DecimalFormat("#,##0", DecimalFormatSymbols.getInstance(Locale.ROOT)));
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
    renderer.setSeriesPaint(0, WITHOUT);
    renderer.setSeriesPaint(1, WITH);
    renderer.setSeriesStroke(0, new BasicStroke(2.5f));
    renderer.setSeriesStroke(1, new BasicStroke(2.5f));
    XYPlot plot = new XYPlot(data, x, y, renderer);
    styled(plot);
    ValueMarker zero = new ValueMarker(0, Color.DARK_GRAY, new BasicStroke(1f));
    plot.addRangeMarker(zero);
    List<RatePoint> curve = a.rateCurve();
    double middle =
        (percent(curve.get(0).clientRateAnnual())
                + percent(curve.get(curve.size() - 1).clientRateAnnual()))
            / 2;
    plot.addDomainMarker(
        marker(
            percent(a.withoutChain().breakEvenRate()),
            "break-even without chain " + Formats.percent(a.withoutChain().breakEvenRate(), 2),
            WITHOUT,
            0,
            middle));
    plot.addDomainMarker(
        marker(
            percent(a.withChain().breakEvenRate()),
            "break-even with chain " + Formats.percent(a.withChain().breakEvenRate(), 2),
            WITH,
            1,
            middle));
    a.scenario()
        .rateCapAnnual()
        .ifPresent(
            cap ->
                plot.addDomainMarker(
                    marker(
                        percent(cap),
                        "rate cap " + Formats.percent(cap, 2),
                        Color.BLACK,
                        2,
                        middle)));
    return new Chart("economic-profit-vs-rate", title, chart(title, plot));
  }

  /**
   * The tornado: the change in economic profit with the chain at each parameter's low and high end.
   */
  public static Chart tornado(Analysis a) {
    BigDecimal base = a.withChain().economicProfit();
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    for (TornadoBar bar : a.tornado()) {
      String label =
          bar.parameter().label()
              + " "
              + value(bar.parameter(), bar.low())
              + " to "
              + value(bar.parameter(), bar.high());
      data.addValue(
          bar.economicProfitAtLow().subtract(base).doubleValue(), "At the low value", label);
      data.addValue(
          bar.economicProfitAtHigh().subtract(base).doubleValue(), "At the high value", label);
    }
    String title =
        "What moves economic profit with the chain (base " + Formats.yuan(base) + " yuan)";
    CategoryAxis categories = new CategoryAxis("Parameter and range");
    categories.setTickLabelFont(LABEL);
    categories.setMaximumCategoryLabelWidthRatio(0.45f);
    NumberAxis values = new NumberAxis("Change in economic profit per loan (yuan)");
    values.setNumberFormatOverride(
        new DecimalFormat("+#,##0;-#,##0", DecimalFormatSymbols.getInstance(Locale.ROOT)));
    StackedBarRenderer renderer = new StackedBarRenderer();
    renderer.setBarPainter(new StandardBarPainter());
    renderer.setShadowVisible(false);
    renderer.setSeriesPaint(0, new Color(0x8F, 0xB8, 0xDE));
    renderer.setSeriesPaint(1, WITH);
    CategoryPlot plot = new CategoryPlot(data, categories, values, renderer);
    plot.setOrientation(PlotOrientation.HORIZONTAL);
    plot.setRangeAxisLocation(AxisLocation.BOTTOM_OR_LEFT);
    styled(plot);
    plot.addRangeMarker(new ValueMarker(0, Color.DARK_GRAY, new BasicStroke(1f)));
    return new Chart("tornado", title, chart(title, plot));
  }

  /** Each party's gain per loan from lending on the chain. */
  public static Chart stakeholders(Analysis a) {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    List<Color> colours = new ArrayList<>();
    for (Stakeholder s : a.stakeholders()) {
      data.addValue(s.gainYuan().doubleValue(), "Gain", s.party());
      colours.add(s.isLosing() ? LOSS : GAIN);
    }
    String title = "Who gains from lending on the chain, per loan";
    CategoryAxis categories = new CategoryAxis("Party");
    categories.setTickLabelFont(LABEL);
    NumberAxis values = new NumberAxis("Gain per loan against lending without the chain (yuan)");
    values.setNumberFormatOverride(
        new DecimalFormat("+#,##0;-#,##0", DecimalFormatSymbols.getInstance(Locale.ROOT)));
    BarRenderer renderer =
        new BarRenderer() {
          private static final long serialVersionUID = 1L;

          @Override
          public java.awt.Paint getItemPaint(int row, int column) {
            return colours.get(column);
          }
        };
    renderer.setBarPainter(new StandardBarPainter());
    renderer.setShadowVisible(false);
    renderer.setDefaultItemLabelGenerator(
        new StandardCategoryItemLabelGenerator(
            "{2} yuan",
            new DecimalFormat(
                "+#,##0.00;-#,##0.00", DecimalFormatSymbols.getInstance(Locale.ROOT))));
    renderer.setDefaultItemLabelsVisible(true);
    renderer.setDefaultItemLabelFont(LABEL);
    CategoryPlot plot = new CategoryPlot(data, categories, values, renderer);
    plot.setOrientation(PlotOrientation.HORIZONTAL);
    plot.setRangeAxisLocation(AxisLocation.BOTTOM_OR_LEFT);
    styled(plot);
    plot.addRangeMarker(new ValueMarker(0, Color.DARK_GRAY, new BasicStroke(1f)));
    JFreeChart chart = chart(title, plot);
    chart.removeLegend();
    return new Chart("stakeholders", title, chart);
  }

  /** The chart as PNG bytes. */
  public static byte[] png(JFreeChart chart) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ChartUtils.writeChartAsPNG(out, chart, WIDTH, HEIGHT);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** The chart as an SVG document, text kept as text. */
  public static String svg(JFreeChart chart) {
    Document document;
    try {
      document =
          DocumentBuilderFactory.newInstance()
              .newDocumentBuilder()
              .getDOMImplementation()
              .createDocument("http://www.w3.org/2000/svg", "svg", null);
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException("the JDK's XML parser is misconfigured", e);
    }
    SVGGraphics2D g = new SVGGraphics2D(document);
    g.setSVGCanvasSize(new Dimension(WIDTH, HEIGHT));
    chart.draw(g, new Rectangle(0, 0, WIDTH, HEIGHT));
    StringWriter out = new StringWriter();
    try {
      g.stream(out, true);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // Java's logical font "Dialog" means nothing to a browser; name the generic family instead.
    return out.toString().replace("font-family:'Dialog'", "font-family:sans-serif");
  }

  private static JFreeChart chart(String title, Plot plot) {
    JFreeChart chart = new JFreeChart(title, new Font(Font.SANS_SERIF, Font.BOLD, 17), plot, true);
    chart.setBackgroundPaint(Color.WHITE);
    return chart;
  }

  private static void styled(XYPlot plot) {
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(new Color(0xDD, 0xDD, 0xDD));
    plot.setRangeGridlinePaint(new Color(0xDD, 0xDD, 0xDD));
    labelFonts(plot.getDomainAxis(), plot.getRangeAxis());
  }

  private static void styled(CategoryPlot plot) {
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(new Color(0xDD, 0xDD, 0xDD));
    labelFonts(plot.getDomainAxis(), plot.getRangeAxis());
  }

  private static void labelFonts(Axis... axes) {
    for (Axis axis : axes) {
      axis.setLabelFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
    }
  }

  /**
   * A dashed vertical line with its label; {@code level} 0, 1, 2 puts the label at the top, middle
   * or bottom so that labels of close lines do not overlap, and a line in the right half of the
   * chart has its label on its left so that the label is not cut off.
   */
  private static ValueMarker marker(
      double x, String label, Color colour, int level, double middle) {
    ValueMarker m =
        new ValueMarker(
            x,
            colour,
            new BasicStroke(
                1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
    m.setLabel(label);
    m.setLabelFont(LABEL);
    m.setLabelPaint(colour);
    m.setLabelBackgroundColor(new Color(255, 255, 255, 220));
    boolean left = x > middle;
    RectangleAnchor[] anchors =
        left
            ? new RectangleAnchor[] {
              RectangleAnchor.TOP_LEFT, RectangleAnchor.LEFT, RectangleAnchor.BOTTOM_LEFT
            }
            : new RectangleAnchor[] {
              RectangleAnchor.TOP_RIGHT, RectangleAnchor.RIGHT, RectangleAnchor.BOTTOM_RIGHT
            };
    TextAnchor[] texts =
        left
            ? new TextAnchor[] {
              TextAnchor.TOP_RIGHT, TextAnchor.CENTER_RIGHT, TextAnchor.BOTTOM_RIGHT
            }
            : new TextAnchor[] {
              TextAnchor.TOP_LEFT, TextAnchor.CENTER_LEFT, TextAnchor.BOTTOM_LEFT
            };
    m.setLabelAnchor(anchors[level]);
    m.setLabelTextAnchor(texts[level]);
    return m;
  }

  private static double percent(BigDecimal fraction) {
    return fraction.multiply(Decimals.HUNDRED).doubleValue();
  }

  private static String value(Parameter p, BigDecimal v) {
    return p.unit() == Parameter.Unit.YUAN ? Formats.yuan(v) + " yuan" : Formats.percent(v, 2);
  }
}
