package io.leadline.platform.trace;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/** Starts (or continues the caller's) trace for every HTTP request and tells the caller its trace id. */
class TraceFilter extends OncePerRequestFilter {

    static final String TRACE_ID_RESPONSE_HEADER = "X-Trace-Id";

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try (var scope = Traces.continueOrStart(request.getHeader("traceparent"))) {
            response.setHeader(TRACE_ID_RESPONSE_HEADER, Traces.currentTraceId());
            chain.doFilter(request, response);
        }
    }
}
