package io.llmux.admin.http;

import io.llmux.admin.api.ErrorBody;
import io.llmux.admin.api.UsageGroupBody;
import io.llmux.admin.api.UsageReportBody;
import io.llmux.admin.api.UsageTotalsBody;
import io.llmux.budget.BudgetPeriod;
import io.llmux.error.GatewayException;
import io.llmux.tenancy.Tenant;
import io.llmux.tenancy.TenantAdmin;
import io.llmux.usage.TenantZones;
import io.llmux.usage.UsageGrouping;
import io.llmux.usage.UsageReport;
import io.llmux.usage.UsageReports;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Error;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;

/**
 * A tenant's usage report: {@code GET /api/tenants/{id}/usage}. Reads the usage ledger (blocking:
 * DynamoDB), so it runs on virtual threads.
 */
@Controller("/api/tenants/{id}/usage")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "Usage")
@SecurityRequirement(name = AdminApi.SECURITY_SCHEME)
@ApiResponse(responseCode = "401", description = "No admin token, a wrong one, a tenant key, or the admin API is disabled",
        content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErrorBody.class)))
public class UsageController {

    static final int DEFAULT_GROUPS = 100;
    static final int MAX_GROUPS = 1000;
    private static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-01-01T00:00:00Z");

    private final TenantAdmin admin;
    private final UsageReports reports;
    private final Clock clock;

    public UsageController(TenantAdmin admin, UsageReports reports, Clock clock) {
        this.admin = admin;
        this.reports = reports;
        this.clock = clock;
    }

    @Get(produces = MediaType.APPLICATION_JSON)
    @Operation(operationId = "getTenantUsage", summary = "A tenant's usage in a period",
            description = "Totals and groups of the daily, weekly (ISO) or monthly period that holds `at`, in the tenant's time zone: "
                    + "requests, tokens and cost, as exact integers (cost also as a decimal USD string). group_by=day gives the "
                    + "period day by day (a time series). One read of the period's counters.")
    @ApiResponse(responseCode = "200", description = "The report",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = UsageReportBody.class)))
    @ApiResponse(responseCode = "400", description = "A bad period, at, group_by or limit; error.param names it",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErrorBody.class)))
    @ApiResponse(responseCode = "404", description = "No such tenant",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErrorBody.class)))
    public MutableHttpResponse<byte[]> usage(
            @PathVariable String id,
            @Parameter(description = "daily, weekly or monthly", schema = @Schema(defaultValue = "monthly", allowableValues = {"daily", "weekly", "monthly"}))
            @QueryValue @Nullable String period,
            @Parameter(description = "An instant (2026-11-27T10:00:00Z) or a date (2026-11-27, in the tenant's zone) inside the period; default now")
            @QueryValue @Nullable String at,
            @Parameter(description = "model, provider, key or day", schema = @Schema(defaultValue = "model", allowableValues = {"model", "provider", "key", "day"}))
            @QueryValue("group_by") @Nullable String groupBy,
            @Parameter(description = "The issue's spelling of group_by, accepted as an alias") @QueryValue("groupBy") @Nullable String groupByAlias,
            @Parameter(description = "At most this many groups (largest cost first); the rest are summed in other",
                    schema = @Schema(type = "integer", minimum = "1", maximum = "1000", defaultValue = "100"))
            @QueryValue @Nullable String limit) {
        BudgetPeriod kind = period == null || period.isEmpty() ? BudgetPeriod.MONTHLY : BudgetPeriod.parse(period, "period");
        UsageGrouping grouping = grouping(groupBy, groupByAlias);
        int groups = groupLimit(limit);
        Tenant tenant = admin.tenant(Ids.tenant(id));
        ZoneId zone = TenantZones.of(java.util.Optional.of(tenant));
        UsageReport report = reports.report(tenant.id(), zone, kind, instant(at, zone), grouping, groups);
        return AdminResponses.ok(body(report));
    }

    @Error(exception = GatewayException.class)
    public MutableHttpResponse<byte[]> refused(GatewayException e) {
        return AdminResponses.error(e);
    }

    private static UsageGrouping grouping(String groupBy, String alias) {
        if (groupBy != null && alias != null && !groupBy.equals(alias)) {
            throw GatewayException.invalid("group_by", "Give 'group_by' or its alias 'groupBy', not both with different values.");
        }
        String value = groupBy != null ? groupBy : alias;
        return value == null || value.isEmpty() ? UsageGrouping.MODEL : UsageGrouping.parse(value, groupBy != null ? "group_by" : "groupBy");
    }

    private static int groupLimit(String value) {
        if (value == null || value.isEmpty()) {
            return DEFAULT_GROUPS;
        }
        try {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= MAX_GROUPS) {
                return limit;
            }
        } catch (NumberFormatException notANumber) {
            // The same answer as an out-of-range number, below.
        }
        throw GatewayException.invalid("limit", "'limit' must be an integer from 1 to " + MAX_GROUPS + ".");
    }

    private Instant instant(String at, ZoneId zone) {
        if (at == null || at.isEmpty()) {
            return clock.instant();
        }
        Instant instant;
        try {
            instant = at.length() == 10 ? LocalDate.parse(at).atStartOfDay(zone).toInstant() : OffsetDateTime.parse(at).toInstant();
        } catch (DateTimeException e) {
            throw GatewayException.invalid("at", "'at' must be an ISO-8601 instant (2026-11-27T10:00:00Z) or a date (2026-11-27).");
        }
        // Far-off years are no one's usage, and period arithmetic near Instant's limits would overflow.
        if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
            throw GatewayException.invalid("at", "'at' must lie between the years 2000 and 9999.");
        }
        return instant;
    }

    private static UsageReportBody body(UsageReport report) {
        List<UsageGroupBody> groups = report.groups().stream().map(group -> new UsageGroupBody(group.label(),
                group.dimensions().get("provider"), group.dimensions().get("model"), group.dimensions().get("key_id"),
                group.dimensions().get("date"), UsageTotalsBody.of(group.counts()))).toList();
        return new UsageReportBody(report.tenantId(), report.period().wireName(), report.periodKey(), report.zone().getId(),
                report.start().toString(), report.end().toString(), report.summary() != null,
                report.summary() == null ? null : report.summary().closedAt().toString(), UsageTotalsBody.of(report.totals()),
                report.grouping().wireName(), groups, report.truncated(), report.truncated() ? UsageTotalsBody.of(report.other()) : null);
    }
}
