# Reference outputs of the R package `surveillance` for the spike-detection methods in
# cen_pipeline.alerts.methods, read by tests/test_alert_methods.py.
#
# Regenerate from the repository root with:
#
#     Rscript tests/golden/alerts/make_reference.R
#
# Requires R with the `surveillance` package (Debian: apt-get install r-cran-surveillance).
# The script first writes the test series (series.csv), then the method outputs:
#   ears.csv        earsC C1, C2, C3 with the package defaults (baseline 7; alpha 0.001 for C1/C2,
#                   0.025 for C3): upper bound and alarm.
#   farrington.csv  farringtonFlexible with the Noufaily et al. (2012) settings (b = 5, w = 3,
#                   trend at 5 %, reweighting at 2.58, noPeriods = 10, nbPlugin, alpha = 0.05,
#                   limit54 = c(5, 4)): expected, upper bound, alarm, p-value, trend used, dispersion.
#   glrnb.csv       glrnb as a negative-binomial CUSUM with a fixed shift (theta = log 2,
#                   c.ARL = 5, in-control model fitted by glm.nb on the first five years with one
#                   harmonic): in-control mean, statistic, cases needed for an alarm, alarm.
#   glrnb_params.csv  the in-control dispersion alpha = 1 / theta of glm.nb per series.
suppressPackageStartupMessages({
  library(surveillance)
  library(MASS)
})

args <- commandArgs(trailingOnly = FALSE)
script <- sub("^--file=", "", args[grep("^--file=", args)])
out_dir <- if (length(script) == 1) dirname(normalizePath(script)) else "tests/golden/alerts"

set.seed(20240611)
freq <- 12
season <- function(n, amp, phase = 0) 1 + amp * sin(2 * pi * (seq_len(n) - 1) / freq + phase)

make_series <- function() {
  n <- 120
  t <- seq_len(n)
  s <- list()
  s$pois_flat <- rpois(n, 20)
  s$pois_seasonal <- rpois(n, 15 * season(n, 0.5))
  s$pois_trend <- rpois(n, 5 * exp(0.012 * t) * season(n, 0.3, 1))
  s$nb_flat <- rnbinom(n, mu = 30, size = 3)
  s$nb_seasonal_trend <- rnbinom(n, mu = 12 * exp(0.008 * t) * season(n, 0.6, 2), size = 5)
  s$low_zeros <- rpois(n, 0.8)
  s$very_low <- rpois(n, 0.3)
  x <- rpois(n, 10)
  x[c(40, 70, 71, 95, 110, 111, 118)] <- x[c(40, 70, 71, 95, 110, 111, 118)] + c(30, 25, 18, 40, 22, 30, 26)
  s$outbreaks_pois <- x
  x <- rnbinom(n, mu = 25 * season(n, 0.4), size = 8)
  past <- c(15, 16, 27, 50, 51, 75, 88)
  x[past] <- x[past] + c(60, 45, 70, 55, 65, 80, 50)
  x[c(100, 113, 114)] <- x[c(100, 113, 114)] + c(60, 70, 55)
  s$outbreaks_nb_seasonal <- x
  s$level_shift <- rpois(n, ifelse(t < 90, 6, 18))
  s$nb_high <- rnbinom(n, mu = 200 * season(n, 0.25), size = 10)
  s$short_seasonal <- rpois(96, 8 * season(96, 0.7))
  s
}
series <- make_series()

series_df <- do.call(rbind, lapply(names(series), function(id) {
  data.frame(series_id = id, t = seq_along(series[[id]]), count = series[[id]])
}))
write.csv(series_df, file.path(out_dir, "series.csv"), row.names = FALSE, quote = FALSE)

num <- function(x) ifelse(is.na(x), NA, sprintf("%.15g", x))

ears_rows <- list()
far_rows <- list()
glr_rows <- list()
glr_params <- list()
for (id in names(series)) {
  x <- series[[id]]
  n <- length(x)
  s <- sts(observed = matrix(x, ncol = 1), start = c(2010, 1), frequency = freq)

  for (method in c("C1", "C2", "C3")) {
    r <- earsC(s, control = list(method = method, baseline = 7))
    rng <- r@control$range
    ears_rows[[length(ears_rows) + 1]] <- data.frame(
      series_id = id, method = method, t = rng, observed = x[rng],
      upperbound = num(as.numeric(upperbound(r))), alarm = as.integer(alarms(r))
    )
  }

  ctrl <- list(
    b = 5, w = 3, reweight = TRUE, weightsThreshold = 2.58, alpha = 0.05, trend = TRUE,
    pThresholdTrend = 0.05, limit54 = c(5, 4), noPeriods = 10, pastWeeksNotIncluded = 3,
    thresholdMethod = "nbPlugin", glmWarnings = FALSE
  )
  f <- farringtonFlexible(s, control = ctrl)
  rng <- (freq * ctrl$b + ctrl$w + 1):n
  far_rows[[length(far_rows) + 1]] <- data.frame(
    series_id = id, t = rng, observed = x[rng],
    expected = num(as.numeric(f@control$expected)),
    upperbound = num(as.numeric(upperbound(f))),
    alarm = as.integer(alarms(f)),
    mu0 = num(as.numeric(f@control$mu0Vector)),
    pvalue = num(as.numeric(f@control$pvalue)),
    trend = as.integer(f@control$trend),
    phi = num(as.numeric(f@control$phiVector))
  )

  train_end <- 60
  rng <- (train_end + 1):n
  g_ctrl <- list(range = rng, c.ARL = 5, theta = log(2), change = "intercept", dir = "inc",
                 mu0 = list(S = 1, trend = FALSE, refit = FALSE))
  g_val <- suppressMessages(glrnb(s, control = c(g_ctrl, list(ret = "value"))))
  g_cas <- suppressMessages(glrnb(s, control = c(g_ctrl, list(ret = "cases"))))
  glr_rows[[length(glr_rows) + 1]] <- data.frame(
    series_id = id, t = rng, observed = x[rng],
    mu0 = num(g_val@control$mu0),
    statistic = num(as.numeric(upperbound(g_val))),
    cases = num(as.numeric(upperbound(g_cas))),
    alarm = as.integer(alarms(g_val))
  )
  glr_params[[length(glr_params) + 1]] <- data.frame(
    series_id = id, train_end = train_end, alpha = num(g_val@control$alpha)
  )
}

write.csv(do.call(rbind, ears_rows), file.path(out_dir, "ears.csv"), row.names = FALSE, quote = FALSE)
write.csv(do.call(rbind, far_rows), file.path(out_dir, "farrington.csv"), row.names = FALSE, quote = FALSE)
write.csv(do.call(rbind, glr_rows), file.path(out_dir, "glrnb.csv"), row.names = FALSE, quote = FALSE)
write.csv(do.call(rbind, glr_params), file.path(out_dir, "glrnb_params.csv"), row.names = FALSE, quote = FALSE)
