// The PR and ROC figures, decoded back and probed where the layout puts the unit square: the
// curves in their colours, the dashed chance lines, steps (not slopes) for precision-recall.
#include "common/Error.h"
#include "report/CurveFigure.h"

#include <QImage>
#include <QtTest>

#include <cmath>
#include <limits>

using namespace anomadiff;

namespace {

const QColor kFirst(31, 119, 180), kSecond(255, 127, 14), kChance(140, 140, 140),
    kWhite(255, 255, 255), kGrid(232, 232, 232);

QPoint at(double x, double y) {
  return {
      CurveFigure::kPlotLeft + static_cast<int>(std::lround(x * CurveFigure::kPlotSize)),
      CurveFigure::kPlotTop + static_cast<int>(std::lround((1.0 - y) * CurveFigure::kPlotSize))};
}

/// Whether a pixel within `radius` has the colour (anti-aliased lines blend at their edges).
bool near(const QImage& image, QPoint point, const QColor& colour, int radius = 1) {
  for (int dy = -radius; dy <= radius; ++dy) {
    for (int dx = -radius; dx <= radius; ++dx) {
      const QColor c = image.pixelColor(point + QPoint(dx, dy));
      if (std::abs(c.red() - colour.red()) + std::abs(c.green() - colour.green()) +
              std::abs(c.blue() - colour.blue()) <
          24)
        return true;
    }
  }
  return false;
}

/// How many of 60 points along a line hit the dashed chance colour (dashes cover 8 of 14 px).
int chanceHits(const QImage& image, QPointF from, QPointF to) {
  int hits = 0;
  for (int i = 0; i < 60; ++i) {
    const double t = 0.05 + 0.9 * i / 59.0;
    hits += near(image, at(from.x() + t * (to.x() - from.x()), from.y() + t * (to.y() - from.y())),
                 kChance, 0);
  }
  return hits;
}

CurvePoint roc(double fpr, double tpr) {
  return {std::numeric_limits<double>::infinity(), tpr, 1.0, fpr};
}

CurvePoint pr(double recall, double precision) {
  return {std::numeric_limits<double>::infinity(), recall, precision, 0.0};
}

QImage decode(const std::string& png) {
  QImage image;
  image.loadFromData(reinterpret_cast<const uchar*>(png.data()), static_cast<qsizetype>(png.size()),
                     "PNG");
  return image.convertToFormat(QImage::Format_RGB888);
}

}  // namespace

class CurveFigureTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void rocCornerCurveDiagonalAndChance() {
    const std::vector<CurveSeries> curves = {{"perfect", 1.0, {roc(0, 0), roc(0, 1), roc(1, 1)}},
                                             {"weak", 0.25, {roc(0, 0), roc(1, 0.5)}}};
    const QImage image = decode(CurveFigure::roc("ROC").png(curves));
    QCOMPARE(image.width(), CurveFigure::kWidth);
    QCOMPARE(image.height(), CurveFigure::height(2));
    // The perfect classifier runs up the FPR = 0 edge to the (0, 1) corner, then along the top.
    for (const double t : {0.15, 0.5, 0.85}) {
      QVERIFY2(near(image, at(0.0, t), kFirst), qPrintable(QString::number(t)));
      QVERIFY2(near(image, at(t, 1.0), kFirst), qPrintable(QString::number(t)));
    }
    QVERIFY(near(image, at(0.0, 1.0), kFirst));
    // The second curve is a straight line to (1, 0.5), in the second colour.
    for (const double t : {0.15, 0.45, 0.85}) {
      QVERIFY2(near(image, at(t, t / 2), kSecond), qPrintable(QString::number(t)));
      QVERIFY(!near(image, at(t, t / 2 + 0.05), kSecond, 2));
    }
    QVERIFY2(chanceHits(image, {0, 0}, {1, 1}) >= 25, "no dashed diagonal");
    QVERIFY(chanceHits(image, {0, 0}, {1, 1}) <= 50);  // dashed, not solid
    QCOMPARE(image.pixelColor(at(0.75, 0.15)), kWhite);
    QCOMPARE(image.pixelColor(at(0.75, 0.1)), kGrid);
    // The legend under the plot: a swatch per curve in its colour, then the chance line.
    const int swatch = CurveFigure::kPlotLeft + 17;
    QVERIFY(near(image, {swatch, CurveFigure::kLegendTop}, kFirst));
    QVERIFY(near(image, {swatch, CurveFigure::kLegendTop + CurveFigure::kLegendLine}, kSecond));
    QVERIFY(near(
        image, {CurveFigure::kPlotLeft + 3, CurveFigure::kLegendTop + 2 * CurveFigure::kLegendLine},
        kChance));
  }

  void precisionRecallStepsAndPrevalenceLine() {
    // Precision 1 up to recall 0.5, then 0.5: AP = 0.75 is the area under the steps.
    const std::vector<CurveSeries> curves = {{"method", 0.75, {pr(0, 1), pr(0.5, 1), pr(1, 0.5)}}};
    const QImage image = decode(CurveFigure::precisionRecall("PR", 0.3).png(curves));
    QCOMPARE(image.height(), CurveFigure::height(1));
    QVERIFY(near(image, at(0.25, 1.0), kFirst));
    QVERIFY(near(image, at(0.5, 0.75), kFirst));  // the drop at recall 0.5
    QVERIFY(near(image, at(0.75, 0.5), kFirst));
    QCOMPARE(image.pixelColor(at(0.75, 0.75)), kWhite);  // where a slope would have passed
    QVERIFY2(chanceHits(image, {0, 0.3}, {1, 0.3}) >= 25, "no dashed prevalence line");
    QCOMPARE(chanceHits(image, {0, 0.35}, {1, 0.35}), 0);
  }

  void refusesWhatCannotBeDrawn() {
    const auto figure = CurveFigure::roc("ROC");
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, figure.png({}));
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, figure.png({{"empty", 0.5, {}}}));
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, figure.png({{"out", 0.5, {roc(0, 0), roc(1.5, 1)}}}));
    QVERIFY_THROWS_EXCEPTION(InvalidArgument,
                             figure.png({{"nan", 0.5, {roc(0, std::nan("")), roc(1, 1)}}}));
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, CurveFigure::precisionRecall("PR", 0.0));
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, CurveFigure::precisionRecall("PR", 1.0));
  }
};

QTEST_APPLESS_MAIN(CurveFigureTest)
#include "CurveFigureTest.moc"
