package io.camelarena.score;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Reading many rows without holding them all in the driver: MySQL/MariaDB stream them, others fetch in pages. */
final class Rows {

    private Rows() {
    }

    static PreparedStatement streaming(Connection c, String sql) throws SQLException {
        PreparedStatement st = c.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
        String url = c.getMetaData().getURL();
        st.setFetchSize(url.startsWith("jdbc:mysql:") || url.startsWith("jdbc:mariadb:") ? Integer.MIN_VALUE : 1000);
        return st;
    }
}
