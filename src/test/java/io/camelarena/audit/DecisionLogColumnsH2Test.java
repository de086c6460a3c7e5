package io.camelarena.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.camelarena.account.AccountSettings;
import io.camelarena.agent.DecisionRecord;
import io.camelarena.execution.H2TestDatabase;
import io.camelarena.model.ApiKeys;
import io.camelarena.model.ModelPrices;
import java.math.BigDecimal;
import java.sql.Connection;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * H2 counts a VARCHAR's length in UTF-16 units, MariaDB in characters: the longest values of every column, built by
 * the real row builder, are written on H2 by the audit chain and read back unchanged (MariaDB: MariaDbIntegrationTest).
 */
class DecisionLogColumnsH2Test {

    private H2TestDatabase db;
    private AccountSettings account;

    @BeforeEach
    void setUp() {
        db = new H2TestDatabase();
        long id = db.insertAccount("longest", new BigDecimal("10000"));
        account = new AccountSettings(id, "longest", "openai", "test-model", null, null, null,
                new BigDecimal("0.7"), 1000, 125, new BigDecimal("10000"), true);
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    @Test
    void theLongestValuesOfEveryColumnAreStoredAsBuilt() throws Exception {
        DecisionRecord record = LongestRow.record(account);
        Map<String, Object> row = LongestRow.asReplay(new DecisionLogRowBuilder(new ApiKeys(name -> Optional.empty()),
                new ModelPrices(Map.of("test-model", new ModelPrices.Price(new BigDecimal("15"), new BigDecimal("75")))))
                .build(record));
        AuditChain chain = new AuditChain(db.dataSource(), Clock.systemUTC());

        assertThat(chain.append(row)).isTrue();

        try (Connection c = db.dataSource().getConnection()) {
            LongestRow.assertStoredAsBuilt(row, LongestRow.read(c, record.decisionId()));
        }
        VerifyReport report = chain.verify();
        assertThat(report.ok()).as(report.toString()).isTrue();
        assertThat(report.rowsChecked()).isEqualTo(1);
    }
}
