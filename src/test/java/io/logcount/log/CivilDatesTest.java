package io.logcount.log;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.time.Year;

import org.junit.jupiter.api.Test;

class CivilDatesTest {

  /** Every day of years 0 to 9999 (3.65 million), both ways, against java.time. */
  @Test
  void everyDayAgreesWithLocalDate() {
    long first = LocalDate.of(0, 1, 1).toEpochDay();
    long last = LocalDate.of(9999, 12, 31).toEpochDay();
    for (long epochDay = first; epochDay <= last; epochDay++) {
      LocalDate date = LocalDate.ofEpochDay(epochDay);
      int packed = date.getYear() * 10000 + date.getMonthValue() * 100 + date.getDayOfMonth();
      if (CivilDates.civilFromDays(epochDay) != packed
          || CivilDates.daysFromCivil(date.getYear(), date.getMonthValue(), date.getDayOfMonth()) != epochDay) {
        assertEquals(packed, CivilDates.civilFromDays(epochDay), date.toString());
        assertEquals(epochDay, CivilDates.daysFromCivil(date.getYear(), date.getMonthValue(), date.getDayOfMonth()),
            date.toString());
      }
    }
  }

  @Test
  void monthLengthsAndLeapYears() {
    for (int year = 0; year <= 9999; year++) {
      assertEquals(Year.isLeap(year), CivilDates.isLeap(year), "year " + year);
      for (int month = 1; month <= 12; month++) {
        assertEquals(LocalDate.of(year, month, 1).lengthOfMonth(), CivilDates.lengthOfMonth(year, month));
      }
    }
  }
}
